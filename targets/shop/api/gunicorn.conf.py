"""gunicorn settings for the shop API (threads so one slow checkout does not block browsing)."""

bind = "0.0.0.0:8000"
workers = 2
worker_class = "gthread"
threads = 8
timeout = 30
graceful_timeout = 5
accesslog = "-"
errorlog = "-"
loglevel = "info"
# The master stays root (so `docker exec` debugging and tc work); workers drop privileges.
user = "nobody"
group = "nogroup"
