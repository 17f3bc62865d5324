"""Human correction in a real Label Studio, and back to gold and fine-tuning.

Starts ``label-studio`` (PyPI, version 1.23, in its own virtualenv: it pins
packages that clash with ours) on 127.0.0.1, makes a project with our
labelling config, imports our pre-annotated tasks of the bundled example,
corrects one paragraph in a real browser (headless Chromium driven by
selenium) and one through the REST API, exports, and runs ``vnadmin
import-labelstudio``, ``vnadmin validate`` and ``vnadmin finetune`` on the
result.

Needs (``scripts/setup_labelstudio.sh`` installs them on Debian):

* ``label-studio``: ``$VNADMIN_LABEL_STUDIO`` (the executable), else
  ``.venv-labelstudio/bin/label-studio`` in the repository;
* ``chromium`` and ``chromedriver`` on the PATH (``$VNADMIN_CHROMIUM``,
  ``$VNADMIN_CHROMEDRIVER`` to name others);
* ``selenium`` in the test environment (the ``test`` extra).

Without them the test is skipped, with the reason; with
``VNADMIN_REQUIRE_LABEL_STUDIO=1`` (as CI sets) it fails instead. Nothing is
downloaded: Label Studio's version check, analytics and error reports are
turned off, and selenium is given the browser and driver.
"""

import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vnadmin_nlp.export import labelstudio_config
from vnadmin_nlp.labels import PARAGRAPH_LABELS

from .conftest import GOLD_DIR, REPO

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]

EXAMPLE = REPO / "vnadmin_nlp" / "examples" / "ket-luan-btv-tinh-uy-bac-giang.txt"
N_PARAGRAPHS = 5  # title block + four paragraphs of the example: enough, and quick
BROWSER_INDEX, API_INDEX = 1, 2  # both outside the paragraph finetune holds out (every 4th)
EMAIL, PASSWORD = "annotator@example.com", "vnadmin-test-password"
TOKEN = "vnadmin0test0token0000000000000000000001"
START_TIMEOUT = 240  # first start migrates a new database: ~30 s here, more on a slow machine
STEP_TIMEOUT = 60


def _unavailable(reason: str):
    if os.environ.get("VNADMIN_REQUIRE_LABEL_STUDIO"):
        pytest.fail(f"{reason} (VNADMIN_REQUIRE_LABEL_STUDIO is set)")
    pytest.skip(f"{reason}; scripts/setup_labelstudio.sh installs it")


def _label_studio_executable() -> Path:
    named = os.environ.get("VNADMIN_LABEL_STUDIO")
    if named:
        if not os.access(named, os.X_OK):
            pytest.fail(f"VNADMIN_LABEL_STUDIO={named} is not an executable file")
        return Path(named)
    path = REPO / ".venv-labelstudio" / "bin" / "label-studio"
    if not os.access(path, os.X_OK):
        _unavailable(f"label-studio not found ({path}; or set VNADMIN_LABEL_STUDIO)")
    return path


def _browser():
    """``(chromium, chromedriver)`` paths."""
    chromium = (os.environ.get("VNADMIN_CHROMIUM") or shutil.which("chromium")
                or shutil.which("chromium-browser"))
    driver = os.environ.get("VNADMIN_CHROMEDRIVER") or shutil.which("chromedriver")
    if not chromium:
        _unavailable("chromium not found on the PATH (Debian package chromium)")
    if not driver:
        _unavailable("chromedriver not found on the PATH (Debian package chromium-driver)")
    return chromium, driver


def _vnadmin(*args, timeout=300):
    """Run our CLI as a user would; return the finished process (output captured)."""
    script = Path(sys.executable).parent / "vnadmin"
    command = ([str(script)] if script.exists()
               else [sys.executable, "-c", "from vnadmin_nlp.cli import main; main()"])
    return subprocess.run(command + [str(a) for a in args], capture_output=True, text=True, timeout=timeout)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabelStudio:
    def __init__(self, url: str, log: Path):
        import requests

        self.url, self.log = url, log
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {TOKEN}"

    def api(self, method: str, path: str, **kwargs):
        response = self.session.request(method, self.url + path, timeout=STEP_TIMEOUT, **kwargs)
        assert response.ok, f"{method} {path}: {response.status_code} {response.text[:500]}"
        return response

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


@pytest.fixture(scope="module")
def label_studio(tmp_path_factory):
    """A Label Studio server on 127.0.0.1 with a fresh data folder and one user; stopped afterwards."""
    executable = _label_studio_executable()
    _browser()
    if importlib.util.find_spec("selenium") is None:
        _unavailable("selenium not installed in the test environment (pip install -e '.[test]')")
    import requests
    data = tmp_path_factory.mktemp("label-studio-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LABEL_STUDIO_", "HEARTEX_"))
           and k not in ("HOST", "PORT", "USERNAME", "PASSWORD", "USER_TOKEN", "DJANGO_DB", "DATABASE_NAME")}
    env.update({
        "LABEL_STUDIO_BASE_DATA_DIR": str(data),
        "LABEL_STUDIO_USERNAME": EMAIL, "LABEL_STUDIO_PASSWORD": PASSWORD, "LABEL_STUDIO_USER_TOKEN": TOKEN,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",  # 1.23 turns the fixed token off by default
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "LABEL_STUDIO_COLLECT_ANALYTICS": "false", "LABEL_STUDIO_LATEST_VERSION_CHECK": "false",
        "LABEL_STUDIO_SENTRY_DSN": "", "LABEL_STUDIO_FRONTEND_SENTRY_DSN": "",
    })
    log = data / "server.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(executable), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
             "--data-dir", str(data), "--enable-legacy-api-token"],
            cwd=data, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)  # its own process group, stopped as a whole below
    server = LabelStudio(f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"label-studio exited ({process.returncode}) before answering:\n"
                            f"{server.log_tail()}")
            # label-studio moves to the next port by itself if ours was taken meanwhile: follow it.
            started = re.search(r"Starting development server at (http://127\.0\.0\.1:\d+)/",
                                log.read_text(encoding="utf-8", errors="replace"))
            if started:
                server.url = started.group(1)
            try:
                if requests.get(server.url + "/health", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"label-studio did not answer in {START_TIMEOUT} s:\n{server.log_tail()}")
            time.sleep(1)
        who = server.api("GET", "/api/current-user/whoami").json()
        assert who["email"] == EMAIL
        yield server
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def tasks_file(tmp_path_factory):
    """Our pre-annotated Label Studio tasks of the example's first paragraphs, made by `vnadmin annotate`."""
    folder = tmp_path_factory.mktemp("tasks")
    blocks = [b.strip() for b in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    document = folder / "ket-luan-bac-giang.txt"
    document.write_text("\n\n".join(blocks[:N_PARAGRAPHS]) + "\n", encoding="utf-8")
    tasks = folder / "tasks.json"
    done = _vnadmin("annotate", document, "-o", tasks, "--format", "labelstudio", "-q")
    assert done.returncode == 0, done.stderr
    assert (folder / "tasks.label_config.xml").read_text(encoding="utf-8") == labelstudio_config()
    return tasks


def _choice(result):
    [label] = [r["value"]["choices"][0] for r in result if r["type"] == "choices"]
    return label


def _other_label(label):
    return next(other for other in ("task", "assignment", "result") if other != label)


def _correct_in_browser(server, project, task, new_label, screenshot: Path):
    """Log in, open the task in the labelling UI, tick ``new_label`` for the paragraph, submit."""
    from selenium import webdriver
    from selenium.common.exceptions import (
        ElementClickInterceptedException, NoSuchElementException, StaleElementReferenceException,
    )
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    chromium, chromedriver = _browser()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        driver.set_page_load_timeout(STEP_TIMEOUT)
        wait = WebDriverWait(driver, STEP_TIMEOUT)
        driver.get(server.url + "/user/login/")
        wait.until(EC.presence_of_element_located((By.NAME, "email"))).send_keys(EMAIL)
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: "/user/login" not in d.current_url)
        driver.get(f"{server.url}/projects/{project}/data?task={task['id']}")
        # The labelling UI re-renders while it loads the task: elements found may go stale, so
        # every step looks them up again until it holds.
        ui = WebDriverWait(driver, STEP_TIMEOUT, ignored_exceptions=(
            NoSuchElementException, StaleElementReferenceException, ElementClickInterceptedException))

        def ticked(d, label):
            return d.find_element(By.CSS_SELECTOR, f"input.ant-checkbox-input[name='{label}']").is_selected()

        # Our pre-annotation is what the annotator starts from: its label ticked, its entities marked.
        predicted = _choice(task["predictions"][0]["result"])
        ui.until(lambda d: ticked(d, predicted) and d.find_elements(By.CSS_SELECTOR, ".htx-highlight"))
        box = f"//label[contains(@class, 'lsf-choice__checkbox')][.//input[@name='{new_label}']]"
        clicked = [0.0]

        def tick(d):
            if ticked(d, new_label):
                return True
            if time.monotonic() - clicked[0] > 5:  # not twice in a row: a second click would untick it
                d.find_element(By.XPATH, box).click()
                clicked[0] = time.monotonic()
            return False

        ui.until(tick)
        ui.until(lambda d: not ticked(d, predicted))  # one label per paragraph (choice="single")
        ui.until(lambda d: d.find_element(By.XPATH, "//button[normalize-space(.)='Submit']").click() or True)
        deadline = time.monotonic() + STEP_TIMEOUT
        while not server.api("GET", f"/api/tasks/{task['id']}/annotations").json():
            assert time.monotonic() < deadline, "the submitted annotation never reached the server"
            time.sleep(0.5)
        driver.save_screenshot(str(screenshot))
    except Exception:
        driver.save_screenshot(str(screenshot))  # what the browser showed when it went wrong
        raise
    finally:
        driver.quit()


def _export_snapshot(server, project, path: Path):
    """Every task, with its predictions in full (what `import-labelstudio --use-predictions` needs)."""
    snapshot = server.api("POST", f"/api/projects/{project}/exports", json={
        "title": "vnadmin gold", "task_filter_options": {"only_with_annotations": False},
        "serialization_options": {"predictions": {"only_id": False}}}).json()
    deadline = time.monotonic() + STEP_TIMEOUT
    while snapshot["status"] != "completed":
        assert snapshot["status"] != "failed" and time.monotonic() < deadline, snapshot
        time.sleep(0.5)
        snapshot = server.api("GET", f"/api/projects/{project}/exports/{snapshot['id']}").json()
    path.write_bytes(server.api("GET", f"/api/projects/{project}/exports/{snapshot['id']}/download",
                                params={"exportType": "JSON"}).content)


def test_correct_in_label_studio_then_gold_and_finetune(label_studio, tasks_file, tmp_path):
    server = label_studio
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    assert [t["data"]["index"] for t in tasks] == list(range(N_PARAGRAPHS))

    # A project with our labelling config, and our tasks with their pre-annotations.
    config = (tasks_file.parent / "tasks.label_config.xml").read_text(encoding="utf-8")
    project = server.api("POST", "/api/projects",
                         json={"title": "vnadmin-nlp", "label_config": config}).json()["id"]
    imported = server.api("POST", f"/api/projects/{project}/import", json=tasks).json()
    assert (imported["task_count"], imported["prediction_count"]) == (N_PARAGRAPHS, N_PARAGRAPHS)
    listed = server.api("GET", "/api/tasks",
                        params={"project": project, "fields": "all", "page_size": 100}).json()["tasks"]
    by_index = {t["data"]["index"]: t for t in listed}
    assert sorted(by_index) == list(range(N_PARAGRAPHS))
    predicted = {i: _choice(t["predictions"][0]["result"]) for i, t in by_index.items()}

    # One correction in the browser: another label for one paragraph.
    browser_label = _other_label(predicted[BROWSER_INDEX])
    screenshot = tmp_path / "label-studio-correction.png"
    _correct_in_browser(server, project, by_index[BROWSER_INDEX], browser_label, screenshot)
    print(f"screenshot of the correction: {screenshot}")
    [annotation] = server.api("GET", f"/api/tasks/{by_index[BROWSER_INDEX]['id']}/annotations").json()
    assert _choice(annotation["result"]) == browser_label

    # One through the API: another label, and one predicted entity deleted.
    api_task = by_index[API_INDEX]
    result = api_task["predictions"][0]["result"]
    entities = [r for r in result if r["type"] == "labels"]
    assert entities, "the API correction needs a paragraph with a predicted entity"
    removed = entities[0]["value"]
    api_label = _other_label(predicted[API_INDEX])
    corrected = entities[1:] + [{"id": "p", "from_name": "paragraph_label", "to_name": "text",
                                 "type": "choices", "value": {"choices": [api_label]}}]
    server.api("POST", f"/api/tasks/{api_task['id']}/annotations", json={"result": corrected})

    # Label Studio's plain export holds the two annotated tasks only: no truncated document from it.
    plain = tmp_path / "plain-export.json"
    plain.write_bytes(server.api("GET", f"/api/projects/{project}/export",
                                 params={"exportType": "JSON"}).content)
    assert len(json.loads(plain.read_text(encoding="utf-8"))) == 2
    done = _vnadmin("import-labelstudio", plain, "-o", tmp_path / "plain.jsonl", "--use-predictions")
    assert done.returncode == 0, done.stderr
    assert "0 document(s) written" in done.stderr and "3 task(s) not in the export" in done.stderr
    assert (tmp_path / "plain.jsonl").read_text(encoding="utf-8") == ""

    # Every task, predictions in full: the paragraphs nobody corrected keep our pre-annotations.
    export = tmp_path / "export.json"
    _export_snapshot(server, project, export)
    exported = json.loads(export.read_text(encoding="utf-8"))
    assert len(exported) == N_PARAGRAPHS
    assert sum(bool(t["annotations"]) for t in exported) == 2
    gold = tmp_path / "gold.jsonl"
    done = _vnadmin("import-labelstudio", export, "-o", gold, "--use-predictions")
    assert done.returncode == 0, done.stderr
    assert "1 document(s) written" in done.stderr

    checked = _vnadmin("validate", gold)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"ok: {gold} (1 document(s))")

    [record] = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    paragraphs = record["paragraphs"]
    assert [p["text"] for p in paragraphs] == [by_index[i]["data"]["text"] for i in range(N_PARAGRAPHS)]
    assert paragraphs[BROWSER_INDEX]["label"] == browser_label != predicted[BROWSER_INDEX]
    assert paragraphs[API_INDEX]["label"] == api_label != predicted[API_INDEX]
    kept = [e[:3] for e in paragraphs[API_INDEX]["entities"]]
    assert [removed["start"], removed["end"], removed["labels"][0]] not in kept
    assert len(paragraphs[API_INDEX]["entities"]) == len(entities) - 1
    # The browser kept the pre-annotated entities it did not touch.
    assert [e[:3] for e in paragraphs[BROWSER_INDEX]["entities"]] == [
        [r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]]
        for r in by_index[BROWSER_INDEX]["predictions"][0]["result"] if r["type"] == "labels"]
    for i in set(range(N_PARAGRAPHS)) - {BROWSER_INDEX, API_INDEX}:
        assert paragraphs[i]["label"] == predicted[i]
    assert all(p["label"] in PARAGRAPH_LABELS for p in paragraphs)

    # And the gold fine-tunes the shipped pipeline (one epoch, one small original gold file mixed in).
    tuned = tmp_path / "tuned"
    done = _vnadmin("finetune", gold, "-o", tuned, "--gold", GOLD_DIR / "seed-000.jsonl", "--epochs", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tuned / "finetune_report.json").read_text(encoding="utf-8"))
    assert report["train_documents"] == 1 and report["misaligned_entities"] == 0
    assert report["held_out"] == [f"{record['id']}#held-out"]

    import vnadmin_nlp

    annotated = vnadmin_nlp.analyze(EXAMPLE, nlp=vnadmin_nlp.load(tuned)).to_record()
    assert len(annotated["paragraphs"]) > N_PARAGRAPHS
    assert all(p["label"] in PARAGRAPH_LABELS for p in annotated["paragraphs"])
