"""Document scanner adapter over SANE (python-sane): flatbed or feeder, typed errors."""
