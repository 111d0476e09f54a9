"""Chip read benchmark: a full CCCD read through the real pcscd on our eMRTD emulator.

Starts pcscd + the vpcd card the way the peer tests do, then reads EF.COM, DG1, DG2 (~20 KB face),
DG13 and the SOD with BAC and secure messaging, in three ways in the same run:
  largest   the default: chunk sized from EF.ATR/INFO (the emulator announces 4096-byte answers)
  short     the same default on a card announcing no extended length (0xE7-byte protected chunks)
  naive     max_read=0xDF, the fixed chunk many readers use
and prints the median time and APDU count of each, plus the APDU counts a real card would need.

    python -m bench.card_read [--runs N]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from devices.pcsc_card.adapter import DEFAULT_GROUPS, PcscCardReader
from devices.pcsc_card.icao.reader import NAIVE_CHUNK, SHORT_SM_CHUNK, chunk_for_response_size
from devices.simulated.citizens import BA_LAN
from kiosk.ports.card_reader import PassiveAuth
from kiosk.ports.clock import SystemClock
from tests.emrtd.card import EmrtdCard
from tests.emrtd.files import card_files
from tests.emrtd.pki import make_pki
from tests.peers.pcscd import READER, PeerUnavailable, start_pcscd, stop_pcscd, wait_card
from tests.peers.vpcd import VirtualCard


@dataclass(frozen=True)
class Case:
    name: str
    max_response: int | None  # what the emulated card announces in EF.ATR/INFO
    max_read: int | None  # what the reader is told to use
    chunk: int  # the plaintext per READ BINARY this should give
    probe: int  # APDUs spent on EF.ATR/INFO


CASES = (
    Case("largest", 4096, None, chunk_for_response_size(4096), 2),
    Case("short", None, None, SHORT_SM_CHUNK, 1),
    Case("naive", None, NAIVE_CHUNK, NAIVE_CHUNK, 0),
)
FIXED_APDUS = 3  # SELECT eMRTD application, GET CHALLENGE, EXTERNAL AUTHENTICATE
HEADER_READ = 4


def expected_apdus(sizes: Mapping[str, int], chunk: int, probe: int) -> int:
    """SELECT + a 4-byte header READ + ceil(rest / chunk) READs per file, the fixed three, and
    the EF.ATR/INFO probe: 2 when the card has it, 1 (a refused SELECT) when not, 0 when the
    chunk is forced."""
    per_file = (2 + math.ceil(max(0, size - HEADER_READ) / chunk) for size in sizes.values())
    return FIXED_APDUS + probe + sum(per_file)


def run_case(case: Case, files: Mapping[str, bytes], csca: Path, runs: int) -> tuple[float, int]:
    slot = VirtualCard()
    slot.insert(EmrtdCard(files, BA_LAN.bac_key, max_response=case.max_response))
    reader = PcscCardReader(READER, clock=SystemClock(), csca_dir=csca, max_read=case.max_read)
    try:
        wait_card(present=True)
        reader.open()
        times, counts = [], set()
        for _ in range(runs):
            started = time.perf_counter()
            chip = reader.read_chip(BA_LAN.bac_key, DEFAULT_GROUPS)
            times.append(time.perf_counter() - started)
            counts.add(chip.apdu_count)
            if chip.passive_auth is not PassiveAuth.VALID or dict(chip.data_groups) != files:
                raise SystemExit(f"{case.name}: the read did not return the card's data intact")
    finally:
        reader.close()
        slot.close()
    expected = expected_apdus({n: len(c) for n, c in files.items()}, case.chunk, case.probe)
    if counts != {expected}:  # the estimate below for real cards rests on this formula
        raise SystemExit(f"{case.name}: {sorted(counts)} APDUs, the formula says {expected}")
    return statistics.median(times), expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    pki = make_pki("Bench")
    files = card_files(BA_LAN, pki)
    sizes = {name: len(content) for name, content in files.items()}
    try:
        daemon = start_pcscd()
    except PeerUnavailable as error:
        print(f"card_read: cannot start the PC/SC peer: {error}", file=sys.stderr)
        return 2
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-csca-") as folder:
            pki.write_csca(Path(folder))
            results = {case.name: run_case(case, files, Path(folder), args.runs) for case in CASES}
    finally:
        stop_pcscd(daemon)

    print(f"files (bytes): {sizes}; {args.runs} runs each, pcscd + vpcd + emulator on loopback")
    for case in CASES:
        median_s, apdus = results[case.name]
        print(f"  {case.name:8} median {median_s * 1000:7.1f} ms   {apdus:4d} APDUs")
    largest, naive = results["largest"], results["naive"]
    time_ratio, apdu_ratio = naive[0] / largest[0], naive[1] / largest[1]
    print(f"  naive / largest: {time_ratio:.1f}x the time, {apdu_ratio:.1f}x the APDUs")
    print("A real card with these file sizes needs (the formula the runs above matched):")
    for label, chunk, probe in (
        ("short APDUs only (Le 256 -> 0xE7 protected plaintext)", SHORT_SM_CHUNK, 1),
        ("naive 0xDF chunks", NAIVE_CHUNK, 0),
        ("extended length, 4096-byte answers", chunk_for_response_size(4096), 2),
        ("extended length, 65536-byte answers", chunk_for_response_size(65536), 2),
    ):
        print(f"  {expected_apdus(sizes, chunk, probe):4d} APDUs with {label}")
    print(
        "Each APDU costs a real chip tens of ms (3DES + MAC on both sides, T=1 at the reader's\n"
        "baud rate), so the round-trip count, not the bytes, sets the read time; unmeasured here."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
