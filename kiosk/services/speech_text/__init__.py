"""What the kiosk says, made sayable: Vietnamese text normalisation, the privacy guard, and the
recorded prompt pack format."""

from kiosk.services.speech_text.normalise import normalise

__all__ = ["normalise"]
