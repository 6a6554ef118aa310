"""gunicorn settings; every knob comes from the environment through config/env.py."""

from config import env

bind = f"{env.text('HOST', '127.0.0.1')}:{env.integer('PORT', 8000)}"
workers = env.integer("GUNICORN_WORKERS", 2)
threads = env.integer("GUNICORN_THREADS", 4)
timeout = env.integer("GUNICORN_TIMEOUT", 30)
graceful_timeout = env.integer("GUNICORN_GRACEFUL_TIMEOUT", 20)
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = env.text("FORWARDED_ALLOW_IPS", "127.0.0.1")
