"""Login lockout behind proxies: who the client really is, and a limit per address.

django-axes counts failed logins; this module tells it the client's real address (an
IPv6 client's /64) and adds a second, higher limit per address across all user names.
"""

import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def client_ip_address(request) -> str | None:
    """The address of the client as the trusted proxies saw it (AXES_CLIENT_IP_CALLABLE).

    Each of the PROXY_COUNT proxies in front appends the address it was connected from to
    X-Forwarded-For, so the PROXY_COUNT-th entry from the right is the last one a trusted
    proxy wrote: the client. Everything left of it was sent by the client and may be forged.
    Without proxies, or when a request did not pass them all, REMOTE_ADDR is the client.
    """
    remote_addr = counted_address(request.META.get("REMOTE_ADDR"))
    if settings.PROXY_COUNT <= 0:
        return remote_addr
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < settings.PROXY_COUNT:
        return remote_addr
    try:
        client = ipaddress.ip_address(hops[-settings.PROXY_COUNT])
    except ValueError:
        return remote_addr
    return _counted(client)


def counted_address(address: str | None) -> str | None:
    """What the limits count: an IPv4 address as it is, an IPv6 address as its /64.

    A provider gives each IPv6 customer at least a /64 (2**64 addresses), so counting
    full IPv6 addresses would give one attacker unlimited tries. The /64 is stored as its
    first address (2001:db8:1:2::); an IPv4 address written as IPv6 (::ffff:203.0.113.7)
    counts as the IPv4 address. Anything that is no address is passed on unchanged.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return _counted(ip)


def _counted(ip) -> str:
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network((ip.packed[:8] + bytes(8), 64)).network_address)


class AddressLimitedAxesHandler(AxesDatabaseHandler):
    """Locks a user name at one address after AXES_FAILURE_LIMIT failures, and a whole
    address after LOGIN_ADDRESS_FAILURE_LIMIT failures across all user names.

    Expects AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]. axes
    compares one failure count with one limit, so the address count is scaled onto the
    user-name limit: it reaches AXES_FAILURE_LIMIT exactly when the address reaches its own.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_user_name, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        address_limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
        if address_limit <= 0:  # 0 turns the per-address limit off
            return per_user_name
        scaled_address = math.floor(per_address * settings.AXES_FAILURE_LIMIT / address_limit)
        return max(per_user_name, scaled_address)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful login clears that user name's failures at this address only: the
        address keeps counting what it tried against other user names."""
        per_user_name = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_user_name.delete()
        return count
