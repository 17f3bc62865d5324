"""A tiny BERT built locally, for tests and for trying the commands without a real model.

A WordPiece tokenizer is trained with the ``tokenizers`` library on the
given texts and a randomly initialised BERT with a few small layers is
saved beside it. It knows nothing of Vietnamese beyond its vocabulary: it
exercises the code, it is not a model to use (see docs/transformer.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Union

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_tiny_model(texts: Iterable[str], output: Union[str, Path], *, vocab_size: int = 2000,
                     hidden_size: int = 32, num_layers: int = 2, num_heads: int = 2,
                     max_length: int = 128, seed: int = 0) -> Path:
    """Train a WordPiece tokenizer on ``texts`` and save it with a tiny random BERT in ``output``."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    output = Path(output)
    wordpiece = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    # Vietnamese diacritics carry meaning: keep case and accents.
    wordpiece.normalizer = normalizers.NFC()
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    wordpiece.train_from_iterator(list(texts), trainers.WordPieceTrainer(
        vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS))
    cls_id, sep_id = wordpiece.token_to_id("[CLS]"), wordpiece.token_to_id("[SEP]")
    wordpiece.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)])
    wordpiece.decoder = decoders.WordPiece()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=wordpiece, model_max_length=max_length, unk_token="[UNK]", pad_token="[PAD]",
        cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]",
        model_input_names=["input_ids", "token_type_ids", "attention_mask"])
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=wordpiece.get_vocab_size(), hidden_size=hidden_size,
                        num_hidden_layers=num_layers, num_attention_heads=num_heads,
                        intermediate_size=hidden_size * 2, max_position_embeddings=max_length,
                        pad_token_id=wordpiece.token_to_id("[PAD]"))
    BertModel(config).save_pretrained(str(output))
    tokenizer.save_pretrained(str(output))
    return output
