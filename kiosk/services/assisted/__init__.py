"""Staff assisted mode (issue 11), the Qt-free part: what the staff menu offers for a role and
the session's state, the audit records of every staff action, the hand-entered identity and the
outbox rows staff may see (no personal data)."""
