"""One verified ``SSLContext`` per CA file, shared by every thread.

Building a context and loading a CA costs far more than a localhost TLS handshake, and the
monitors run the http probe every second; an ``SSLContext`` is safe to share between threads.
The cache key includes the CA file's mtime, so a re-created staging CA is picked up.
"""

from __future__ import annotations

import os
import ssl
import threading

_LOCK = threading.Lock()
_CACHE: dict[tuple[str, int, int], ssl.SSLContext] = {}
SYSTEM = "system"


def client_context(ca: str) -> ssl.SSLContext:
    """A verifying client context trusting ``ca`` (a PEM path) or the system store (``system``)."""
    if ca == SYSTEM:
        key = (SYSTEM, 0, 0)
    else:
        st = os.stat(ca)  # FileNotFoundError is reported by the probe
        key = (ca, st.st_mtime_ns, st.st_size)
    ctx = _CACHE.get(key)
    if ctx is not None:
        return ctx
    with _LOCK:
        ctx = _CACHE.get(key)
        if ctx is None:
            ctx = ssl.create_default_context(cafile=None if ca == SYSTEM else ca)
            if len(_CACHE) > 32:
                _CACHE.clear()
            _CACHE[key] = ctx
    return ctx


def describe_error(exc: BaseException) -> str:
    """A TLS failure in words a responder recognises ("certificate has expired")."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        msg = exc.verify_message or exc.reason or str(exc)
        return f"TLS certificate verification failed: {msg}"
    if isinstance(exc, ssl.SSLError):
        reason = exc.reason or exc.strerror or str(exc)
        return f"TLS error: {reason}"
    return f"TLS error: {exc}"
