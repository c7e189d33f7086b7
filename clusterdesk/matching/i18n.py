"""Translation of the engine's sentences, without making the engine depend on Django.

Inside the platform (Django settings configured and the app registry ready) these are
Django's `gettext`, `ngettext` and `pgettext`, so the reasons come out in the active
language. Outside it (the benchmark, a script importing `clusterdesk.matching` without
DJANGO_SETTINGS_MODULE) they return the English message unchanged: Django's own functions
would raise ImproperlyConfigured (settings not configured) or AppRegistryNotReady (apps not
loaded), so they are only called when neither can happen. The check is made at each call,
so a module imported before Django is set up still translates afterwards.

`gettext_noop` marks a string for `makemessages` where it is stored (a constant) and
translated when read (`_(stored)`); `gettext_lazy` is a string that translates itself each
time it is turned into text (`str(label)` gives the language active at that moment).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

_django_lazy: Callable[..., Any] | None
try:  # Django is a dependency of the platform, not of the engine.
    from django.utils.functional import lazy as _django_lazy
except ImportError:  # pragma: no cover - Django is installed wherever the tests run
    _django_lazy = None


def translating() -> bool:
    """Whether Django's translations can be used now."""
    try:
        from django.apps import apps
        from django.conf import settings
    except ImportError:  # pragma: no cover
        return False
    return bool(settings.configured and apps.apps_ready)


def gettext(message: str) -> str:
    if translating():
        from django.utils.translation import gettext as django_gettext

        return django_gettext(message)
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    if translating():
        from django.utils.translation import ngettext as django_ngettext

        return django_ngettext(singular, plural, count)
    return singular if count == 1 else plural


def pgettext(context: str, message: str) -> str:
    if translating():
        from django.utils.translation import pgettext as django_pgettext

        return django_pgettext(context, message)
    return message


def gettext_noop(message: str) -> str:
    """Marks `message` for translation; it is translated later, when it is read."""
    return message


class _LazyText(str):
    """A fallback lazy string (when Django is not installed): `str()` translates it."""

    def __str__(self) -> str:
        return gettext(str.__str__(self))


def gettext_lazy(message: str) -> str:
    """`message`, translated into the active language each time it is used as text."""
    if _django_lazy is not None:
        return cast(str, _django_lazy(gettext, str)(message))
    return _LazyText(message)  # pragma: no cover


_ = gettext
