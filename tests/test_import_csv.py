"""Reading a CSV export, as the importer does: the delimiter guessed from the header, bad rows said with
their line, the header's own mistakes stopping the import before anything is written."""

from __future__ import annotations

import pytest

from newsarchive.errors import UsageError
from newsarchive.importer.csvfile import read
from newsarchive.importer.records import Row


def rows(text: str) -> tuple[list[str], list[tuple[str, object]]]:
    header, found = read(text, "export.csv")
    return header, [(r.where, r.values if isinstance(r, Row) else r.message) for r in found]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_the_headers(delimiter: str):
    text = delimiter.join(["title", "date", "source"]) + "\n" + delimiter.join(["A, b", "2018-03-26", "X"])
    text = text.replace("A, b", '"A, b"') if delimiter == "," else text
    header, found = rows(text + "\n")
    assert header == ["title", "date", "source"]
    assert found == [("export.csv:2", {"title": "A, b", "date": "2018-03-26", "source": "X"})]


def test_blank_rows_are_skipped_and_short_rows_filled():
    _header, found = rows("title,date,source\n\n , , \nA,2018-03-26\n")
    assert found == [("export.csv:4", {"title": "A", "date": "2018-03-26", "source": ""})]


def test_a_row_with_too_many_values_is_said_with_its_line():
    _header, found = rows("title,date\nA,2018-03-26\nStorm, harbour closes,2018-03-27\nB,2018-03-28\n")
    said = "3 values but the header has 2 columns; quote values that contain the delimiter"
    assert found[1] == ("export.csv:3", said)
    assert [where for where, _ in found] == ["export.csv:2", "export.csv:3", "export.csv:4"]


def test_a_cell_past_the_csv_modules_default_limit_is_read_whole():
    """A cell over 64 MB (the limit the csv module was given) is one cell, not a row refused, and never the
    start of rows read from inside it: the limit is the file's length."""
    big = "x" * (64 * 1024 * 1024 + 1)
    _header, found = rows(f'title,date\n"{big}",2018-03-26\nB,2018-03-28\n')
    assert [where for where, _values in found] == ["export.csv:2", "export.csv:3"]
    assert found[0][1] == {"title": big, "date": "2018-03-26"}
    assert found[-1] == ("export.csv:3", {"title": "B", "date": "2018-03-28"})


@pytest.mark.parametrize("text,said", [
    ("\ntitle,date\n",
     "export.csv: the first line must name the columns (title,date,source,...); it is empty"),
    ("title,date,title\nA,B,C\n", "export.csv:1: the columns 'title' appear twice; rename one of them"),
])
def test_a_bad_header_stops_the_import(text: str, said: str):
    with pytest.raises(UsageError) as error:
        read(text, "export.csv")
    assert str(error.value) == said
