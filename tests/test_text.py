"""The text helpers every output goes through: `printable` against the Unicode database, and
numbers too long to read."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from dotchain.text import is_invisible, number, plural, printable

# Unicode's default-ignorable code points that are not format characters (DerivedCoreProperties.txt):
# they show as nothing, so a name could hide in them.
DEFAULT_IGNORABLE = [
    0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, *range(0x180B, 0x1810), 0x2065, 0x3164,
    *range(0xFE00, 0xFE10), 0xFFA0, *range(0xFFF0, 0xFFF9), *range(0xE0080, 0xE1000),
]  # fmt: skip


def test_the_issue_s_name_reaches_no_one_invisible() -> None:
    """Found in review: this name reached the terminal byte for byte in every text command."""
    assert printable("Pay\u00adroll\u061c\u180e\u206a\ufff9\U000e0041\u3164") == "Payroll"


def test_every_format_and_control_character_is_removed() -> None:
    """Every character of Unicode's categories Cc (but the breaks) and Cf, and every surrogate, in
    this Python's Unicode database (a new Python with a newer one is checked again)."""
    kept = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs")
        and chr(code) not in "\t\n\r\x85"
        and printable(chr(code)) != ""
    ]
    assert kept == []


def test_every_default_ignorable_character_is_removed() -> None:
    kept = [f"U+{code:04X}" for code in DEFAULT_IGNORABLE if printable(f"a{chr(code)}b") != "ab"]
    assert kept == []
    assert all(is_invisible(chr(code)) for code in DEFAULT_IGNORABLE)


@pytest.mark.parametrize("text", ["Ana Ruiz", "é", "日本語", "😀", "a\u00a0b", "Zoë · 3 people"])
def test_visible_text_is_kept(text: str) -> None:
    assert printable(text) == text
    assert not any(is_invisible(c) for c in text)


def test_breaks_become_one_space() -> None:
    assert printable("two\r\nlines\u2028and\tmore") == "two lines and more"
    assert is_invisible("\n") and is_invisible("\u2029")


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (0, "0"),
        (1_200, "1,200"),
        (10**15, "1,000,000,000,000,000"),
        (10**16, "1.00 × 10^16"),
        (10**17 - 1, "9.99 × 10^16"),
        (123_456 * 10**40, "1.23 × 10^45"),
        (10**2200, "1.00 × 10^2200"),  # beyond what Python converts to text (4,300 digits) is fine too
    ],
)
def test_numbers_too_long_to_read_are_shown_as_a_power_of_ten(count: int, shown: str) -> None:
    assert number(count) == shown


def test_a_number_longer_than_python_prints_is_shown() -> None:
    assert number(7 * 10**5000) == "7.00 × 10^5000"


def test_plural_uses_readable_numbers() -> None:
    assert plural(10**30, "person", "people") == "1.00 × 10^30 people"
    assert plural(1, "role") == "1 role"
