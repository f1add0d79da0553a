"""gunicorn settings for the shop API (threads so one slow checkout does not block browsing)."""

bind = "0.0.0.0:8000"
workers = 2
worker_class = "gthread"
threads = 8
timeout = 30
graceful_timeout = 5
accesslog = "-"
# One line per request, with its duration and the request id the proxy gave it (joins the
# proxy's access line and the API's own error lines).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
errorlog = "-"
loglevel = "info"
# The master stays root (so `docker exec` debugging and tc work); workers drop privileges.
user = "nobody"
group = "nogroup"
