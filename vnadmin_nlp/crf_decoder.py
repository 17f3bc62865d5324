"""underthesea's word-segmentation CRF, decoded in Python (:class:`FastCRF`).

A hand-written fast path, kept apart from the tokenizer: :class:`FastCRF`'s docstring gives the
measurement against the compiled decoder (``python -m benchmarks.crf_decoders``) that keeps it.
"""

from __future__ import annotations

import itertools
import struct
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple


def read_crfsuite_weights(path: Path) -> Tuple[List[str], Dict[str, float], Dict[Tuple[int, int], float]]:
    """Labels, state weights and transitions of a CRFsuite model file (``lCRF``).

    State weights are returned as ``weight(label 0) - weight(label 1)`` per
    attribute: with two labels only the difference matters for decoding.
    Reading the file ourselves (its layout is CRFsuite's ``crf1dmodel.c``)
    lets the decoder below skip underthesea's per-call featurizer, which
    builds 43 feature strings per syllable and dominated the profile.
    """
    data = Path(path).read_bytes()
    (magic, _size, _type, _version, _n_feat, n_labels, n_attrs, off_feat, off_labels, off_attrs,
     _off_lrefs, _off_arefs) = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
    if magic != b"lCRF":
        raise ValueError(f"{path}: not a CRFsuite model (magic {magic!r})")

    def strings(offset: int, count: int) -> List[str]:
        # CQDB: header, 256 hash tables, records (id, size, key\0), backward array id -> record.
        chunk, _s, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", data, offset)
        if chunk != b"CQDB":
            raise ValueError(f"{path}: damaged string table at byte {offset}")
        backward = struct.unpack_from(f"<{bwd_size}I", data, offset + bwd_offset)
        out = []
        for i in range(count):
            _id, size = struct.unpack_from("<II", data, offset + backward[i])
            start = offset + backward[i] + 8
            out.append(data[start:start + size - 1].decode("utf8"))
        return out

    labels = strings(off_labels, n_labels)
    attrs = strings(off_attrs, n_attrs)
    chunk, _s, count = struct.unpack_from("<4sII", data, off_feat)
    if chunk != b"FEAT":
        raise ValueError(f"{path}: damaged feature table")
    state: Dict[str, float] = {}
    transitions: Dict[Tuple[int, int], float] = {}
    body = memoryview(data)[off_feat + 12:off_feat + 12 + 20 * count]
    for kind, src, dst, weight in struct.iter_unpack("<IIId", body):
        if kind == 0:  # state feature: attribute src, label dst
            sign = 1.0 if dst == 0 else -1.0
            state[attrs[src]] = state.get(attrs[src], 0.0) + sign * weight
        else:  # transition src -> dst
            transitions[(src, dst)] = weight
    return labels, state, transitions


def read_dictionary(path: Path) -> frozenset:
    """underthesea's word dictionary (a set of lower-case words), as its ``joblib.dump`` wrote it.

    joblib writes a plain Python object as an ordinary pickle, so :mod:`pickle` reads it: 0.04 s
    where importing joblib (it brings psutil and loky) and its load took 0.32 s, in every process
    that segments. A file pickle cannot read (a compressed one) goes to joblib.
    """
    import pickle

    try:
        with open(path, "rb") as handle:
            words = pickle.load(handle)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        import joblib

        words = joblib.load(path)
    return frozenset(words)


def _is_title(text: str) -> bool:
    # underthesea_core's istitle: no space-separated part starts with a lower-case letter.
    return all(not part[:1].islower() for part in text.split(" "))


def _is_digit(text: str) -> bool:
    # underthesea_core's isdigit: ASCII digits only ("3.895", "²" are not digits).
    return text.isascii() and text.isdigit()


class FastCRF:
    """underthesea's word-segmentation CRF, decoded in Python without its featurizer.

    The model's 43 feature templates each read a window of at most three
    consecutive syllables, so a syllable's score (B-W minus I-W) is a sum of
    parts that depend only on one unigram, bigram or trigram and the offset.
    Those parts are computed once per n-gram and cached, then the two-label
    Viterbi runs over the sums. A trigram that no dictionary word and no
    model trigram starts with its first two syllables (most of them) weighs
    only its title flag: it takes one of two shared parts, without a cache
    entry. The tags are the same as
    ``FastCRFSequenceTagger.predict`` (checked on every seed paragraph by
    tests/test_bench.py and tests/test_tokenizer.py), sentence edges
    included: the ``BOS``/``EOS`` parts stand for the windows that leave the
    sequence, exactly as underthesea's featurizer fills them.

    Every float is summed in the same order as the first version of this
    decoder, so the scores are bit for bit the same and no near tie can flip.

    Why not the compiled CRF underthesea itself runs (underthesea_core's
    ``CRFFeaturizer`` + ``CRFTagger``): on the 250,806 syllables of 40 pool
    documents (``python -m benchmarks.crf_decoders``, one run, one machine)
    this decoder took 0.60 s, the compiled path 13.25 s (featurizing 11.33 s:
    43 feature strings a syllable; tagging 1.91 s), with the same tags on all
    but one syllable (a near tie). python-crfsuite would need the same feature
    strings, built in Python.
    """

    #: A cache past this many entries is emptied before the next sequence (memory bound).
    _MAX_CACHE = 200_000

    def __init__(self, model_dir: Path):
        # The weights and the tables made from them (below) depend on the model file only:
        # read and built once per process (crf_tables) and shared, read-only, by every
        # decoder; each decoder keeps its own n-gram caches.
        vars(self).update(crf_tables(Path(model_dir)))
        #: False: every sequence starts with empty bigram and trigram caches (``set_cache(False)``).
        self.cache = True
        #: Syllable -> its five weights (offsets -2..2), then whether it is a title.
        self._uni: Dict[str, tuple] = {}
        #: Bigram -> its four weights (offsets -2..1), then whether both syllables are
        #: titles, then whether its lower case starts a dictionary word or a model trigram.
        self._bi: Dict[Tuple[str, str], tuple] = {}
        #: Trigram -> its three weights (offsets -2..0), only for trigrams whose bigram starts one.
        self._tri: Dict[Tuple[str, str, str], Tuple[float, ...]] = {}

    def _read(self, model_dir: Path) -> None:
        """Read the model's weights and dictionary, then build the tables (see crf_tables)."""
        self.labels, self.weights, transitions = read_crfsuite_weights(model_dir / "models.bin")
        if self.labels[:2] != ["B-W", "I-W"]:
            raise ValueError(f"{model_dir}: unexpected labels {self.labels}")
        self.dictionary = read_dictionary(model_dir / "dictionary.bin")
        self.t_bb = transitions.get((0, 0), 0.0)
        self.t_bi = transitions.get((0, 1), 0.0)
        self.t_ib = transitions.get((1, 0), 0.0)
        self.t_ii = transitions.get((1, 1), 0.0)
        self._build_tables()

    # The model's templates (features.bin), by the window they read.
    _UNI_OFFSETS = (-2, -1, 0, 1, 2)
    _BI_OFFSETS = (-2, -1, 0, 1)
    _TRI_OFFSETS = (-2, -1, 0)

    def _build_tables(self) -> None:
        """Regroup the weights: per n-gram value, the weight at each offset.

        A template's string value (``T[-1,0]=Ban Thường``) contributes to the
        position ``-offset`` syllables away; flags (``.istitle=True``) are
        constants per offset. Values absent from the model weigh nothing.
        """
        by_template: Dict[str, Dict[str, float]] = {}
        for attr, weight in self.weights.items():
            template, _, value = attr.partition("=")
            by_template.setdefault(template, {})[value] = weight

        def table(names: List[str]) -> Dict[str, Tuple[float, ...]]:
            values = set().union(*(by_template.get(n, {}) for n in names))
            return {v: tuple(by_template.get(n, {}).get(v, 0.0) for n in names) for v in values}

        def flag(name: str, value: str) -> float:
            return by_template.get(name, {}).get(value, 0.0)

        uni = [f"T[{k}]" for k in self._UNI_OFFSETS]
        bi = [f"T[{a},{a + 1}]" for a in self._BI_OFFSETS]
        tri = [f"T[{a},{a + 2}]" for a in self._TRI_OFFSETS]
        self._uni_text = table(uni)
        self._uni_lower = table([n + ".lower" for n in uni])
        self._bi_text = table(bi)
        self._bi_lower = table([n + ".lower" for n in bi])
        self._tri_text = table(tri)
        # Flag constants, keyed by the flags' values.
        self._uni_flags = {
            (digit, title, in_dict): tuple(
                flag(n + ".isdigit", str(digit)) + flag(n + ".istitle", str(title))
                + flag(n + ".is_in_dict", str(in_dict)) for n in uni)
            for digit in (True, False) for title in (True, False) for in_dict in (True, False)}
        self._bi_flags = {
            (title, in_dict): tuple(flag(n + ".istitle", str(title)) + flag(n + ".is_in_dict", str(in_dict))
                                    for n in bi)
            for title in (True, False) for in_dict in (True, False)}
        self._tri_flags = {
            (title, in_dict): tuple(flag(n + ".istitle", str(title)) + flag(n + ".is_in_dict", str(in_dict))
                                    for n in tri)
            for title in (True, False) for in_dict in (True, False)}

        def edge(names: List[str], value: str) -> Tuple[float, ...]:
            suffixes = ("", ".lower", ".isdigit", ".istitle", ".is_in_dict")
            return tuple(sum(flag(n + x, value) for x in suffixes) for n in names)

        self._uni_bos, self._uni_eos = edge(uni, "BOS"), edge(uni, "EOS")

        self._bi_bos, self._bi_eos = edge(bi, "BOS"), edge(bi, "EOS")
        self._tri_bos, self._tri_eos = edge(tri, "BOS"), edge(tri, "EOS")

        # One look-up per new bigram instead of three: for a lower-case text,
        # (in the dictionary, its lower-case bigram weights, starts a longer
        # dictionary word or model trigram). Lower case distributes over the
        # space joins ("ΑΣ Β".lower() == "ας β"), so a trigram's lower case
        # starts with its first bigram's, followed by a space.
        heads = set()
        for entry in itertools.chain(self.dictionary, (t.lower() for t in self._tri_text)):
            cut = entry.find(" ")
            while cut != -1:
                heads.add(entry[:cut])
                cut = entry.find(" ", cut + 1)
        shared: Dict[tuple, tuple] = {}  # the weightless values repeat: one tuple each, not one per text
        self._lower_info: Dict[str, Tuple[bool, Optional[Tuple[float, ...]], bool]] = {}
        for text in itertools.chain(self.dictionary, self._bi_lower, heads):
            info = (text in self.dictionary, self._bi_lower.get(text), text in heads)
            self._lower_info[text] = info if info[1] is not None else shared.setdefault(info, info)
        # The bigram parts in no table (the flags alone, by title) and the two
        # trigram parts of trigrams no dictionary word or model trigram starts with.
        self._bi_plain = {title: self._bi_flags[(title, False)] + (title, False) for title in (True, False)}
        self._tri_plain = (self._tri_flags[(True, False)], self._tri_flags[(False, False)])

    # An n-gram's part is flags + text weights + lower-case weights, added in
    # this order, offset by offset, absent tables skipped (explicit additions
    # rather than ``tuple(map(add))``: the same floats, three times faster).
    def _unigram(self, s: str) -> tuple:
        lower = s.lower()
        # underthesea's istitle of "a b" is istitle(a) and istitle(b) (it looks
        # at each space-separated part), so n-grams reuse the syllables' flags.
        title = _is_title(s) if " " in s else not s[:1].islower()
        p0, p1, p2, p3, p4 = self._uni_flags[(_is_digit(s), title, lower in self.dictionary)]
        extra = self._uni_text.get(s)
        if extra is not None:
            e0, e1, e2, e3, e4 = extra
            p0, p1, p2, p3, p4 = p0 + e0, p1 + e1, p2 + e2, p3 + e3, p4 + e4
        extra = self._uni_lower.get(lower)
        if extra is not None:
            e0, e1, e2, e3, e4 = extra
            p0, p1, p2, p3, p4 = p0 + e0, p1 + e1, p2 + e2, p3 + e3, p4 + e4
        part = self._uni[s] = (p0, p1, p2, p3, p4, title)
        return part

    def _bigram(self, key: Tuple[str, str]) -> tuple:
        # Both syllables are in the unigram cache: _windows fills it first.
        s0, s1 = key
        text = s0 + " " + s1
        uni = self._uni
        title = uni[s0][5] and uni[s1][5]
        info = self._lower_info.get(text.lower())
        extra = self._bi_text.get(text)
        if info is None and extra is None:  # in no table, in no dictionary word
            part = self._bi_plain[title]
        else:
            in_dict, lower_part, head = (False, None, False) if info is None else info
            p0, p1, p2, p3 = self._bi_flags[(title, in_dict)]
            if extra is not None:
                e0, e1, e2, e3 = extra
                p0, p1, p2, p3 = p0 + e0, p1 + e1, p2 + e2, p3 + e3
            if lower_part is not None:
                e0, e1, e2, e3 = lower_part
                p0, p1, p2, p3 = p0 + e0, p1 + e1, p2 + e2, p3 + e3
            part = (p0, p1, p2, p3, title, head)
        self._bi[key] = part
        return part

    def _trigram(self, key: Tuple[str, str, str]) -> Tuple[float, ...]:
        # Only for trigrams whose first bigram is a head (see _windows).
        s0, s1, s2 = key
        uni = self._uni
        text = s0 + " " + s1 + " " + s2
        part = self._tri_flags[(uni[s0][5] and uni[s1][5] and uni[s2][5], text.lower() in self.dictionary)]
        extra = self._tri_text.get(text)
        if extra is not None:
            p0, p1, p2 = part
            e0, e1, e2 = extra
            part = (p0 + e0, p1 + e1, p2 + e2)
        self._tri[key] = part
        return part

    def tag(self, syllables: List[str]) -> List[str]:
        """B-W / I-W for each syllable, as underthesea's CRF tags them."""
        return ["B-W" if b else "I-W" for b in self.begins(syllables)]

    def begins(self, syllables: Sequence[str]) -> list:
        """For each syllable, whether it is tagged B-W (truthy) or I-W (falsy).

        The two-label Viterbi of the first version, with the same float
        operations and the same tie rule (>=), each position's score (B-W
        minus I-W) added up as the loop reaches it rather than in a list of
        its own. Back pointers are coded as 2 * (B came from B) + (I came from B).
        """
        if not syllables:
            return []
        windows = self._windows(syllables)
        u0, u1, u2, u3, u4, b0, b1, b2, b3, c0, c1, c2 = next(windows)
        best_b = u0[0] + u1[1] + u2[2] + u3[3] + u4[4] + b0[0] + b1[1] + b2[2] + b3[3] + c0[0] + c1[1] + c2[2]
        best_i = 0.0
        t_bb, t_bi, t_ib, t_ii = self.t_bb, self.t_bi, self.t_ib, self.t_ii
        back = []
        push = back.append
        for u0, u1, u2, u3, u4, b0, b1, b2, b3, c0, c1, c2 in windows:
            score = (u0[0] + u1[1] + u2[2] + u3[3] + u4[4] + b0[0] + b1[1] + b2[2] + b3[3]
                     + c0[0] + c1[1] + c2[2])
            from_bb = best_b + t_bb
            from_ib = best_i + t_ib
            from_bi = best_b + t_bi
            from_ii = best_i + t_ii
            if from_bb >= from_ib:
                best_b = from_bb + score
                if from_bi >= from_ii:
                    best_i = from_bi
                    push(3)
                else:
                    best_i = from_ii
                    push(2)
            else:
                best_b = from_ib + score
                if from_bi >= from_ii:
                    best_i = from_bi
                    push(1)
                else:
                    best_i = from_ii
                    push(0)
        is_b = best_b >= best_i
        tags = [is_b]
        for code in reversed(back):
            is_b = code & 2 if is_b else code & 1
            tags.append(is_b)
        tags.reverse()
        return tags

    def _windows(self, syllables: Sequence[str]) -> Iterator[tuple]:
        """For each position, the parts of the windows around it, in the order they are added:
        unigrams at -2..2, bigrams at -2..1, trigrams at -2..0 (each part is read at its offset)."""
        self._bound_caches()
        uni_get = self._uni.get
        unigram = self._unigram
        bos, eos = self._uni_bos, self._uni_eos
        u = [bos, bos]
        u += [uni_get(s) or unigram(s) for s in syllables]
        u += (eos, eos)
        bi_get = self._bi.get
        bigram = self._bigram
        bos, eos = self._bi_bos, self._bi_eos
        b = [bos, bos]
        b += [bi_get(k) or bigram(k) for k in zip(syllables, syllables[1:])]
        b += (eos, eos)
        # Trigram i: looked up when bigram i is a head (x[5]); else only its
        # title flag counts, true when bigram i is all titles (x[4]) and so
        # is syllable i + 2 (y[5]).
        tri_get = self._tri.get
        trigram = self._trigram
        title_part, other_part = self._tri_plain
        bos, eos = self._tri_bos, self._tri_eos
        c = [bos, bos]
        c += [(tri_get(k) or trigram(k)) if x[5] else title_part if x[4] and y[5] else other_part
              for k, x, y in zip(zip(syllables, syllables[1:], syllables[2:]), b[2:], u[4:])]
        c += (eos, eos)
        return zip(u, u[1:], u[2:], u[3:], u[4:], b, b[1:], b[2:], b[3:], c, c[1:], c[2:])

    def _bound_caches(self) -> None:
        # Emptied between sequences, never during one: begins() reads the
        # syllables' flags back while it fills the bigram and trigram caches.
        if len(self._tri) > self._MAX_CACHE or len(self._bi) > self._MAX_CACHE \
                or len(self._uni) > self._MAX_CACHE:
            self.clear_cache()
        elif not self.cache:
            # As before set_cache(False) kept only the syllables (a closed
            # set, a few thousand in Vietnamese): n-grams start empty.
            self._bi.clear()
            self._tri.clear()

    def clear_cache(self) -> None:
        """Forget every n-gram seen (the cold benchmark clears before each pass)."""
        self._uni.clear()
        self._bi.clear()
        self._tri.clear()


@lru_cache(maxsize=4)
def crf_tables(model_dir: Path) -> dict:
    """The weights and tables of :class:`FastCRF` for the model in ``model_dir`` (attribute
    name -> value), built once per process: about 0.3 s, which every tokenizer made by
    ``load()`` or ``from_disk`` used to pay again on its first text."""
    reader = FastCRF.__new__(FastCRF)
    reader._read(model_dir)
    return dict(vars(reader))
