"""The drill: event log, runner, monitors, alerts, paging, injects, customers, live view.

Two halves meet in the event log (``log``) of a drill directory (``locate``):

* the drill session (``runner`` -> ``plan``, ``setup``/``resume``, ``session``) writes what the
  system does: the pure ``machine`` (``monitors``, ``alerts``, ``paging``, ``injects``) decides,
  parts (``part``; gameday's own in ``parts``: endpoint, monitors, customers, injector,
  autopilot, control; ``dashboard``'s live view) connect it to the world;
* responders write what they do, through one validation path (``actions``), from a local
  terminal (``responder``), another machine (``remote`` -> ``server``) or a script
  (``autopilot``); they see only what ``view`` whitelists (``watch``, the status page).

Nothing here is imported at package import time: ``gameday --help`` stays fast.
"""
