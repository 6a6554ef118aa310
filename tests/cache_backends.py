"""Cache backends for tests: a Redis server that is down."""

import redis
from django.core.cache.backends.base import BaseCache


class RedisDownCache(BaseCache):
    """Every call fails as django's RedisCache does when Redis is stopped."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    add = get = set = touch = delete = incr = has_key = clear = _down
    get_many = set_many = delete_many = _down
