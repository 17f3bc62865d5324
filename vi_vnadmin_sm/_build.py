"""setuptools hook (``[tool.setuptools.cmdclass]`` in pyproject.toml): build time only.

``spacy.load("vi_vnadmin_sm")`` takes a name for an installed model package only when
``importlib.metadata.distribution("vi_vnadmin_sm")`` exists: spaCy looks for the
*distribution*, not the module. This package ships inside the vnadmin-nlp wheel, whose
only ``.dist-info`` is vnadmin-nlp's (pip refuses a wheel with two), so this hook writes a
``vi_vnadmin_sm-VERSION.egg-info/PKG-INFO`` beside the package: at the top level of the
wheel (pip installs it into site-packages, lists it in the RECORD and removes it with
vnadmin-nlp) and of the editable install. ``pip list`` then shows ``vi_vnadmin_sm``
with the version of its meta.json, and spaCy loads it by name.
"""

import json
import os
from pathlib import Path

from setuptools.command.build_py import build_py as _build_py

PACKAGE = "vi_vnadmin_sm"
META = Path(__file__).resolve().parent / "meta.json"


def egg_info_files() -> dict:
    """{relative path: text} of the model package's distribution metadata."""
    meta = json.loads(META.read_text(encoding="utf-8"))
    version = meta["version"]
    requires = "".join(f"{r}\n" for r in meta.get("requirements", []))
    pkg_info = (f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {version}\n"
                f"Summary: spaCy pipeline {meta['lang']}_{meta['name']}, shipped with vnadmin-nlp\n"
                f"License: {meta.get('license', '')}\n"
                + "".join(f"Requires-Dist: {r}\n" for r in meta.get("requirements", [])))
    info = f"{PACKAGE}-{version}.egg-info"
    files = {f"{info}/PKG-INFO": pkg_info, f"{info}/top_level.txt": f"{PACKAGE}\n"}
    if requires:
        files[f"{info}/requires.txt"] = requires
    return files


class build_py(_build_py):  # noqa: N801  (setuptools' command name)
    def run(self):
        super().run()
        if not META.exists():
            return
        # A regular wheel is assembled from build_lib; an editable one from the unpacked
        # wheel directory, which setuptools names as install's install_lib.
        target = (self.get_finalized_command("install").install_lib if getattr(self, "editable_mode", False)
                  else self.build_lib)
        for relative, text in egg_info_files().items():
            path = os.path.join(target, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
