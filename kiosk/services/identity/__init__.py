"""Identity: the card QR, the MRZ, the chip's DG1/DG13 → one CitizenIdentity (design §2).

Every parser here returns `T | IdentityError` and never raises past its boundary, so a damaged
card or a mangled scan becomes a spoken prompt, never a crash.
"""
