"""Development and demo (`make run`): DEBUG on, served by runserver on 127.0.0.1."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
