"""The audio test's tone: a short sine beep as a WAV file (stdlib only), played through the
kiosk's audio output before the spoken test prompt, so a technician hears the loudspeaker work
even when every speech engine is broken."""

from __future__ import annotations

import io
import math
import wave
from array import array

RATE = 16_000


def tone_wav(
    frequency_hz: float = 1000.0, seconds: float = 0.6, volume: float = 0.5, rate: int = RATE
) -> bytes:
    """16-bit mono PCM; 10 ms fades at both ends so the speaker does not click."""
    if not 20 <= frequency_hz <= rate / 2 or not 0 < seconds <= 10 or not 0 < volume <= 1:
        raise ValueError("tone out of range")
    n = round(seconds * rate)
    fade = max(1, round(0.01 * rate))
    samples = array("h")
    for i in range(n):
        ramp = min(1.0, i / fade, (n - 1 - i) / fade)
        value = volume * ramp * math.sin(2 * math.pi * frequency_hz * i / rate)
        samples.append(round(value * 32767))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return out.getvalue()
