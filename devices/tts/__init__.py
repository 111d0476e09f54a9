"""Speech output: recorded prompt packs, Piper, speech-dispatcher (SSIP), espeak-ng, a chime."""
