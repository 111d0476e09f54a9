from __future__ import annotations

import pytest

from devices.qr_serial.framing import MAX_SCAN_BYTES, Discarded, Framer

CARD = "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|Số 12 Ngõ 34|15062021".encode()


def test_a_scan_split_over_three_reads_is_one_scan() -> None:
    framer = Framer("cr")
    assert framer.feed(CARD[:10], 0.0) == []
    assert framer.feed(CARD[10:40], 0.02) == []
    assert framer.feed(CARD[40:] + b"\r", 0.04) == [CARD]


def test_two_scans_glued_in_one_read_are_two_scans() -> None:
    assert Framer("cr").feed(b"ABC123\rDEF456\r", 0.0) == [b"ABC123", b"DEF456"]


@pytest.mark.parametrize(
    ("suffix", "wire"), [("cr", b"X1\rX2\r"), ("lf", b"X1\nX2\n"), ("crlf", b"X1\r\nX2\r\n")]
)
def test_each_suffix(suffix: str, wire: bytes) -> None:
    assert Framer(suffix).feed(wire, 0.0) == [b"X1", b"X2"]  # type: ignore[arg-type]


def test_a_crlf_scanner_set_to_cr_still_gives_clean_scans_and_no_noise_report() -> None:
    framer = Framer("cr", stale_s=0.5)
    assert framer.feed(b"X1\r\nX2\r\n", 0.0) == [b"X1", b"X2"]
    assert framer.expire(1.0) == []  # the trailing LF is tolerated silently


def test_no_suffix_frames_by_silence() -> None:
    framer = Framer("none", idle_gap_s=0.05)
    assert framer.feed(b"ABC", 0.0) == []
    assert framer.feed(b"DEF", 0.03) == []  # still inside the gap: same scan
    assert framer.deadline() == pytest.approx(0.08)
    assert framer.expire(0.07) == []
    assert framer.expire(0.08) == [b"ABCDEF"]
    assert not framer.pending


def test_no_suffix_next_bytes_after_the_gap_start_a_new_scan() -> None:
    framer = Framer("none", idle_gap_s=0.05)
    framer.feed(b"ONE", 0.0)
    assert framer.feed(b"TWO", 0.2) == [b"ONE"]
    assert framer.expire(0.3) == [b"TWO"]


def test_line_noise_alone_is_discarded_with_a_reason() -> None:
    (item,) = Framer("cr").feed(b"\x00\x00\x1b\r", 0.0)
    assert isinstance(item, Discarded) and "control" in item.reason


def test_nul_padding_and_stx_etx_around_a_scan_are_stripped() -> None:
    assert Framer("cr").feed(b"\x00\x02ABC\x00D\x03\r", 0.0) == [b"ABCD"]


def test_a_stale_fragment_never_glues_onto_the_next_scan() -> None:
    framer = Framer("cr", stale_s=0.5)
    assert framer.feed(b"\xff\xfe#", 0.0) == []
    out = framer.feed(b"REAL\r", 2.0)
    assert isinstance(out[0], Discarded) and "fragment" in out[0].reason
    assert out[1:] == [b"REAL"]


def test_an_endless_line_is_cut_off() -> None:
    framer = Framer("cr")
    (item,) = framer.feed(b"A" * (MAX_SCAN_BYTES + 1), 0.0)
    assert isinstance(item, Discarded) and not framer.pending


def test_invalid_utf8_is_kept_as_bytes_for_the_classifier() -> None:
    latin1 = "Nguyễn".encode().decode("latin-1").encode("utf-8")
    assert Framer("cr").feed(latin1 + b"\r", 0.0) == [latin1]


@pytest.mark.parametrize("kwargs", [{"suffix": "tab"}, {"idle_gap_s": 0}, {"stale_s": -1}])
def test_bad_options_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Framer(**kwargs)  # type: ignore[arg-type]
