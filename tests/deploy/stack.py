"""The documented production stack, for tests and benchmarks: Debian's nginx running the
shipped docs/deploy/nginx.conf in front of gunicorn with production settings.

Everything lives in one throw-away folder and on free 127.0.0.1 ports; nothing touches
the system nginx. Only certificate paths, ports, the upstream address and the folders of
the shipped file are replaced (render_site_config); a change there fails loudly. gunicorn
gets docs/deploy/groupsite.env with its own secret key, folder and port.

    python -m tests.deploy.stack     # prints the addresses as JSON, serves until stdin closes
"""

import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPSConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_CONFIG = ROOT / "docs" / "deploy" / "nginx.conf"
SHIPPED_ENV = ROOT / "docs" / "deploy" / "groupsite.env"
SITE_HOST = "group.example.org"
STAFF_USER = "stack-editor"
STAFF_PASSWORD = "stack-Pass-4-nginx-tests"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
# Debian's /etc/nginx/nginx.conf, reduced to what a run in a folder of its own needs.
MAIN_CONFIG = """\
worker_processes {workers};
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
    gzip on;
    client_body_temp_path {work}/temp/body;
    proxy_temp_path {work}/temp/proxy;
    fastcgi_temp_path {work}/temp/fastcgi;
    uwsgi_temp_path {work}/temp/uwsgi;
    scgi_temp_path {work}/temp/scgi;
    include {work}/groupsite.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render_site_config(shipped: str, *, http_port, https_port, upstream, cert, key, var_dir, cache):
    """The shipped file with this run's ports, certificate, upstream and folders."""
    renamed = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "# IPv6 listener left out of the test",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "# IPv6 listener left out of the test",
        f"/etc/letsencrypt/live/{SITE_HOST}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{SITE_HOST}/privkey.pem": str(key),
        "server 127.0.0.1:8000;": f"server {upstream};",
        "/srv/groupsite/var": str(var_dir),
        "/var/cache/nginx/groupsite": str(cache),
    }
    for shipped_text, replacement in renamed.items():
        if shipped_text not in shipped:
            raise ValueError(f"docs/deploy/nginx.conf no longer contains {shipped_text!r}")
        shipped = shipped.replace(shipped_text, replacement)
    return shipped


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Stack:
    work: Path
    workers: int = 1
    proxy_cache_seconds: int = 2
    http_port: int = field(default_factory=free_port)
    https_port: int = field(default_factory=free_port)
    gunicorn_port: int = field(default_factory=free_port)
    gunicorn: subprocess.Popen | None = None
    session_url: str = ""
    secret_key: str = field(default_factory=lambda: "stack-test-" + os.urandom(24).hex())

    @property
    def var_dir(self) -> Path:
        return self.work / "var"

    @property
    def gunicorn_log(self) -> Path:
        return self.work / "gunicorn-access.log"

    @property
    def nginx_dir(self) -> Path:
        return self.work / "nginx"

    def environment(self) -> dict:
        """docs/deploy/groupsite.env as shipped, with this run's secret, folder and ports."""
        shipped = {}
        for line in SHIPPED_ENV.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, value = line.partition("=")
                shipped[name.strip()] = value.strip()
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            **shipped,
            "DJANGO_SECRET_KEY": self.secret_key,
            "VAR_DIR": str(self.var_dir),
            "PORT": str(self.gunicorn_port),
            "GUNICORN_WORKERS": "2",
            "PROXY_CACHE_SECONDS": str(self.proxy_cache_seconds),
            "LOG_LEVEL": "ERROR",
        }

    # --- setting up -------------------------------------------------------------------
    def prepare_site(self) -> None:
        self.var_dir.mkdir(parents=True)
        manage = [sys.executable, "manage.py"]
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            self._run([*manage, *command])
        # Production settings refuse demo content; the development ones load it into the
        # same database and media folder (VAR_DIR).
        self._run([*manage, "load_demo_content"], DJANGO_SETTINGS_MODULE="config.settings.dev")
        self._run(
            [*manage, "shell", "-v0", "-c",
             "from django.contrib.auth import get_user_model; "
             f"get_user_model().objects.create_superuser({STAFF_USER!r}, '', {STAFF_PASSWORD!r})"]
        )  # fmt: skip
        self.session_url = self._run(
            [*manage, "shell", "-v0", "-c",
             "from seminar.models import Session; "
             "print(Session.objects.published().past().first().get_absolute_url())"]
        ).strip()  # fmt: skip
        media = self.var_dir / "media" / "stack"
        media.mkdir(parents=True)
        (media / "note.txt").write_text("plain upload\n")
        (media / "page.html").write_text("<script>alert(1)</script>\n")

    def _run(self, command, **environment) -> str:
        done = subprocess.run(
            command, cwd=ROOT, env={**self.environment(), **environment},
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def write_nginx_config(self) -> Path:
        self.nginx_dir.mkdir()
        for folder in ("temp", "cache"):
            (self.nginx_dir / folder).mkdir()
        cert, key = self.nginx_dir / "cert.pem", self.nginx_dir / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
             "-out", cert, "-days", "2", "-subj", f"/CN={SITE_HOST}"],
            check=True, capture_output=True,
        )  # fmt: skip
        site = render_site_config(
            SHIPPED_CONFIG.read_text(),
            http_port=self.http_port,
            https_port=self.https_port,
            upstream=f"127.0.0.1:{self.gunicorn_port}",
            cert=cert,
            key=key,
            var_dir=self.var_dir,
            cache=self.nginx_dir / "cache",
        )
        (self.nginx_dir / "groupsite.conf").write_text(site)
        main = self.nginx_dir / "nginx.conf"
        main.write_text(MAIN_CONFIG.format(work=self.nginx_dir, workers=self.workers))
        self._hand_to_unprivileged_user()
        return main

    def _hand_to_unprivileged_user(self) -> None:
        """As root, nginx runs as nobody: it may read the site's folder, write only its own."""
        if os.geteuid() != 0:
            return
        nobody = pwd.getpwnam("nobody")
        self.work.chmod(0o755)  # mkdtemp makes it private to root
        for path in (self.nginx_dir, *self.nginx_dir.rglob("*")):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)

    def _nginx(self, *arguments) -> subprocess.CompletedProcess:
        command = [NGINX, "-p", f"{self.nginx_dir}/", "-e", str(self.nginx_dir / "error.log"),
                   "-c", str(self.nginx_dir / "nginx.conf"), *arguments]  # fmt: skip
        user = {"user": "nobody", "group": "nogroup"} if os.geteuid() == 0 else {}
        return subprocess.run(command, capture_output=True, text=True, **user)

    def nginx_check(self) -> subprocess.CompletedProcess:
        return self._nginx("-t")

    # --- running ----------------------------------------------------------------------
    def start(self) -> None:
        self.prepare_site()
        self.write_nginx_config()
        checked = self.nginx_check()
        if checked.returncode:
            raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
        self.start_gunicorn()
        started = self._nginx()
        if started.returncode:
            raise RuntimeError(f"nginx did not start:\n{started.stderr}")
        self._wait_for(lambda: self.request("GET", "/healthz").status == 200)

    def start_gunicorn(self) -> None:
        self.gunicorn = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py",
             "config.wsgi"],
            cwd=ROOT, env=self.environment(),
            stdout=self.gunicorn_log.open("ab"),
            stderr=(self.work / "gunicorn-error.log").open("ab"),
        )  # fmt: skip
        self._wait_for(lambda: self.request("GET", "/healthz", gunicorn=True).status == 200)

    def stop_gunicorn(self) -> None:
        if self.gunicorn and self.gunicorn.poll() is None:
            self.gunicorn.send_signal(signal.SIGTERM)
            self.gunicorn.wait(timeout=30)

    def stop(self) -> None:
        pid_file = self.nginx_dir / "nginx.pid"
        if pid_file.exists() and self._nginx("-s", "stop").returncode:
            os.kill(int(pid_file.read_text()), signal.SIGTERM)
        self.stop_gunicorn()

    @staticmethod
    def _wait_for(ready, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                if ready():
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the stack did not come up")
            time.sleep(0.2)

    # --- talking to it ----------------------------------------------------------------
    def request(
        self, method, path, *, headers=None, body=None, client="127.0.0.1", tls=True, gunicorn=False
    ):
        """One request to nginx (or gunicorn) from the loopback address `client` (127.x.y.z)."""
        if gunicorn:
            connection = HTTPConnection("127.0.0.1", self.gunicorn_port, timeout=30)
        elif tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = HTTPSConnection(
                "127.0.0.1", self.https_port, context=context, source_address=(client, 0),
                timeout=30,
            )  # fmt: skip
        else:
            connection = HTTPConnection(
                "127.0.0.1", self.http_port, source_address=(client, 0), timeout=30
            )
        try:
            connection.request(
                method, path, body=body, headers={"Host": SITE_HOST, **(headers or {})}
            )
            response = connection.getresponse()
            headers = {}
            for name, value in response.getheaders():
                name = name.lower()
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
            return Response(response.status, headers, response.read())
        finally:
            connection.close()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="groupsite-stack-"))
    stack = Stack(work, workers=int(os.environ.get("NGINX_WORKERS", "2")),
                  proxy_cache_seconds=int(os.environ.get("PROXY_CACHE_SECONDS", "1")))  # fmt: skip
    try:
        stack.start()
        print(json.dumps({
            "https": f"https://127.0.0.1:{stack.https_port}",
            "gunicorn": f"http://127.0.0.1:{stack.gunicorn_port}",
            "session_url": stack.session_url,
            "gunicorn_pid": stack.gunicorn.pid,
            "nginx_pid_file": str(stack.nginx_dir / "nginx.pid"),
        }), flush=True)  # fmt: skip
        sys.stdin.read()
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
