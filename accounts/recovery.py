"""Recovery codes: choosing a new password without e-mail.

Many people here give no e-mail address, so a forgotten password would otherwise lose every
story. Each account gets ten single-use codes at sign-up, shown once (as text and as a file to
keep). A code plus the username sets a new password; the code is then spent.

Why not allauth's MFA recovery codes: those are a second factor asked for after the password,
not a way to replace it, and allauth keeps a secret seed from which every code can be derived
again. Here only a digest of each code is stored. A code carries 80 random bits, so a plain
SHA-256 (bound to the account) cannot be searched offline, and the digests stay valid when the
SECRET_KEY is rotated.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from .models import RecoveryCode, User

CODE_COUNT = 10
# Crockford's base32: no I, L, O or U, so codes read aloud or copied by hand survive.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 x 5 bits = 80 bits
GROUP = 4
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise(code: str) -> str:
    """What was typed, without spaces or dashes, upper case, look-alike letters mended."""
    kept = "".join(ch for ch in (code or "")[:80] if ch.isalnum())
    return kept.upper().translate(_LOOKALIKES)


def digest(user_pk, code: str) -> str:
    return hashlib.sha256(f"unspoken-recovery:{user_pk}:{normalise(code)}".encode()).hexdigest()


def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the account's codes with ten new ones and return them, in the clear, once."""
    codes = [new_code() for _ in range(CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, digest=digest(user.pk, code)) for code in codes
        )
    return codes


def recovery_codes_remaining(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def recovery_codes_ever_issued(user: User) -> bool:
    return RecoveryCode.objects.filter(user=user).exists()


def unspent_codes_of(user: User, codes: list[str]) -> list[str]:
    """The codes from ``codes`` that are the account's own and not spent, in the given order."""
    wanted = {digest(user.pk, code): code for code in codes if len(normalise(code)) == CODE_LENGTH}
    found = set(
        RecoveryCode.objects.filter(
            user=user, used_at__isnull=True, digest__in=list(wanted)
        ).values_list("digest", flat=True)
    )
    return [code for d, code in wanted.items() if d in found]


def find_account(username: str) -> User | None:
    """The active account with this username (as sign-in matches it), or None."""
    return User.objects.filter(username__iexact=(username or "").strip(), is_active=True).first()


def recovery_code_redeem(*, username: str, code: str, new_password: str) -> User | None:
    """Spend ``code`` of the account ``username`` and set ``new_password``.

    Returns the account, or None when the username is unknown, the code is wrong, belongs to
    another account or was spent before; callers must answer all of these the same way. The
    digest is computed either way, so an unknown username costs what a known one does.
    """
    user = find_account(username)
    typed = digest(user.pk if user is not None else "-", code)
    if user is None or len(normalise(code)) != CODE_LENGTH:
        return None
    with transaction.atomic():
        spent = RecoveryCode.objects.filter(user=user, digest=typed, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not spent:
            return None
        user.set_password(new_password)
        user.save(update_fields=["password"])
    return user
