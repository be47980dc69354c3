"""`newsprism read`: table, --removed, --json (validated against its schema), --jsonl, exit codes."""
from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.model import REMOVAL_REASONS

WIRE = (" date 2024-05-02 The harbour bridge in Fenwick will stay closed for six weeks after engineers "
        "found a crack in one of its piers, the council said on Monday.\n\n"
        "Workers inspect the cracked pier on Sunday. Ana Pereira/AP\n\n"
        "Council leader Ruth Morrow said the decision had not been taken lightly.\n\n"
        "\u00a9 2024 Fenwick Gazette. All rights reserved.")
UNDATED = ("Comment Traders in the old town of Fenwick said they expected to lose business during the "
           "closure of the bridge. The council said it would waive parking charges until it reopens.")


@pytest.fixture(scope="module")
def schema():
    text = resources.files("newsprism").joinpath("schema/read.schema.json").read_text(encoding="utf-8")
    s = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(s)
    return s


@pytest.fixture
def story(tmp_path):
    (tmp_path / "gazette.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "voice.txt").write_text(UNDATED, encoding="utf-8")
    return tmp_path


def invoke(*args, input=None):
    return CliRunner().invoke(main, ["read", *map(str, args)], input=input)


def test_table(story):
    r = invoke(story)
    assert r.exit_code == 0, r.output
    for cell in ("outlet", "date", "title", "words", "removed", "Fenwick Gazette", "2024-05-02", "unknown", "voice"):
        assert cell in r.stdout
    assert "read 2 articles" in r.stderr


def test_removed_lists_every_removal_with_its_reason(story):
    r = invoke(story, "--removed")
    assert r.exit_code == 0
    for reason, fragment in [("date-header", "date 2024-05-02"), ("photo-caption", "Ana Pereira/AP"),
                             ("copyright-footer", "All rights reserved"), ("ui-word", "Comment")]:
        line = next(line for line in r.stdout.splitlines() if fragment in line and line.startswith("  "))
        assert reason in line


def test_text_option_prints_cleaned_text(story):
    r = invoke(story / "voice.txt", "--text")
    assert r.exit_code == 0
    assert "Traders in the old town of Fenwick" in r.stdout


def test_json_validates_against_schema(story, schema):
    r = invoke(story, "--json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, schema)
    assert doc["failures"] == []
    by_outlet = {a["outlet"]: a for a in doc["articles"]}
    assert by_outlet["Fenwick Gazette"]["published"] == "2024-05-02"
    assert by_outlet["voice"]["published"] is None
    assert by_outlet["voice"]["outlet_from"] == "filename"
    assert {r["reason"] for a in doc["articles"] for r in a["removals"]} <= set(REMOVAL_REASONS)


def test_schema_lists_the_removal_reasons(schema):
    assert schema["$defs"]["Removal"]["properties"]["reason"]["enum"] == list(REMOVAL_REASONS)


def test_schema_rejects_a_wrong_document(story, schema):
    doc = json.loads(invoke(story, "--json").stdout)
    doc["articles"][0]["removals"][0]["reason"] = "because"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_jsonl_one_article_per_line(story, schema):
    r = invoke(story, "--jsonl")
    assert r.exit_code == 0
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 2
    article_schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/Article"}
    for line in lines:
        jsonschema.validate(json.loads(line), article_schema)


def test_bad_file_in_batch_exit_1_and_reason_on_stderr(story, schema):
    (story / "broken.bin").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    r = invoke(story, "--json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, schema)
    assert len(doc["articles"]) == 2
    (failure,) = doc["failures"]
    assert failure["source"].endswith("broken.bin")
    assert "broken.bin" in r.stderr and failure["error"] in r.stderr
    r = invoke(story, "--jsonl")
    assert r.exit_code == 1 and "broken.bin" in r.stderr and "broken.bin" not in r.stdout


def test_all_debris_file_is_reported(tmp_path):
    (tmp_path / "ads.txt").write_text("Advertisement\n\nShare on Facebook\n", encoding="utf-8")
    r = invoke(tmp_path / "ads.txt")
    assert r.exit_code == 2
    assert "empty-after-cleaning" in r.stderr


def test_nothing_read_exit_2(tmp_path):
    r = invoke(tmp_path / "missing.txt")
    assert r.exit_code == 2
    assert "missing.txt" in r.stderr and "not-found" in r.stderr


def test_stdin(schema):
    r = invoke("-", "--json", input=UNDATED)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    jsonschema.validate(doc, schema)
    (a,) = doc["articles"]
    assert a["source"] == "-" and a["outlet"] == "stdin"


def test_copies_are_shown(story):
    (story / "copy.txt").write_text(WIRE.replace(" date 2024-05-02", " date 2024-05-03"), encoding="utf-8")
    r = invoke(story)
    assert r.exit_code == 0
    assert "copy of" in r.stdout and "1 is a copy of another" in r.stderr


def test_usage_errors(story):
    assert invoke().exit_code == 2
    assert invoke(story, "--json", "--jsonl").exit_code == 2
    r = invoke(story, "--near-duplicate-threshold", "3")
    assert r.exit_code == 2 and "near_duplicate_threshold" in r.stderr


def test_example_story_table(example_dir):
    r = invoke(example_dir)
    assert r.exit_code == 0, r.stderr  # every file in the example folder is an article
    assert "Meridian" in r.stdout and "Northern" in r.stdout and "valley_voice" in r.stdout


_FRENCH = ("Le conseil du port de Wrenfield a vot\u00e9 mardi la fermeture de la vieille jet\u00e9e apr\u00e8s "
           "que des ing\u00e9nieurs ont trouv\u00e9 des fissures dans deux de ses piliers, selon un "
           "communiqu\u00e9 publi\u00e9 par la mairie dans la soir\u00e9e.")


@pytest.mark.parametrize("command", ["read", "analyze"])
def test_not_english_tells_the_user_the_flag(tmp_path, command):
    """A command-line user is told the flag to pass, not a Python setting; the flag then reads it."""
    (tmp_path / "port.txt").write_text(_FRENCH, encoding="utf-8")
    r = CliRunner().invoke(main, [command, str(tmp_path / "port.txt")])
    assert r.exit_code == 2
    assert "not-english" in r.stderr or "English" in r.stderr
    assert "--any-language" in r.stderr
    if command == "read":
        r = CliRunner().invoke(main, ["read", str(tmp_path / "port.txt"), "--any-language", "--jsonl"])
        assert r.exit_code == 0 and json.loads(r.stdout)["text"].startswith("Le conseil")
