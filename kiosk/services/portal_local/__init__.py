"""The ward's own dossier register: the embedded `local` portal and the gateway's core."""
