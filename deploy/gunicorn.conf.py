"""Gunicorn settings for DVCQ behind nginx (deploy/nginx-dvcq.conf).

nginx buffers each upload completely before it reaches a worker, so a 25 MB scan sent over a slow
commune line (about 9 minutes at 400 kbit/s, a 5 MB photo about 110 s) never ties up a worker; the
timeout covers the slowest document render (a province's results annex as PDF), not the upload.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
# A worker that grew while parsing a large import is replaced after this many requests.
max_requests = 1000
max_requests_jitter = 100
# Only nginx may set X-Forwarded-* headers: on this host by default; the nginx host's address
# when it runs on another machine (then GUNICORN_BIND is this host's private address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# nginx keeps idle connections to gunicorn for 60 s (its upstream `keepalive_timeout`); gunicorn
# must keep them longer, or it may close one just as nginx sends a buffered upload down it, and
# nginx answers a POST it cannot resend with 502.
keepalive = 75
accesslog = "-"
# systemd manages the processes: no control socket under the user's home, where instances
# sharing a host would also overwrite each other's.
control_socket_disable = True
