"""Speed benchmarks of vnadmin-nlp against its peers; run with ``python scripts/bench.py``.

Kept outside the runtime package on purpose: nothing in ``vnadmin_nlp`` imports
it, and an installed ``vnadmin-nlp`` does not ship it.

Modules:

- :mod:`benchmarks.corpus`: which documents are measured (the fixed pool sample, the seeds);
- :mod:`benchmarks.measure`: timing results, peak memory, fresh processes;
- :mod:`benchmarks.distinct`: the main table, every document of the sample once;
- :mod:`benchmarks.repeated`: the secondary table, the seed documents repeated N times;
- :mod:`benchmarks.agreement`: word boundaries against underthesea ``word_tokenize``;
- :mod:`benchmarks.scale`: memory while streaming a large generated file;
- :mod:`benchmarks.report`: the markdown of docs/benchmarks.md;
- :mod:`benchmarks.harness`: the command line that runs them and writes the report;
- :mod:`benchmarks.underthesea_plain`: the plain underthesea script timed as a whole process.
"""
