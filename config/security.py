"""Middleware for headers Django has no setting for, bad bytes, and bare 405 answers."""

import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponseNotAllowed

from config import errors

# Every powerful browser feature off: the site needs none of them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.permissions_policy)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Django decodes the path itself and re-escapes bytes that are not UTF-8 as "%XX" (always 80-FF).
# Our URLs never hold a literal "%", so such an escape in the decoded path means bad bytes.
_BROKEN_PATH_BYTE = re.compile(r"%[89A-Fa-f][0-9A-Fa-f]")


BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REFUSED_FILE_FLAG = "_unspoken_refused_file"


class RefuseFilesUploadHandler(FileUploadHandler):
    """FILE_UPLOAD_HANDLERS: drops every file part unread and marks the request refused.

    The site has no file fields; whatever reaches the multipart parser stores no file in
    memory or on disk.
    """

    def new_file(self, *args, **kwargs):
        setattr(self.request, REFUSED_FILE_FLAG, True)
        raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


class RejectInvalidInputMiddleware:
    """A 400 page for text that is not UTF-8, in the path, the query string or a form body
    (urlencoded or multipart), and for multipart bodies over the size limit or with files.

    Django would otherwise replace undecodable bytes with U+FFFD and carry on, so a garbled
    title or search could be saved or echoed as if someone had typed it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in BODY_METHODS and request.content_type == "multipart/form-data":
            refused = self._refuse_multipart(request)
            if refused is not None:
                return refused
        if not self._valid(request):
            return errors.bad_request(request, None)
        return self.get_response(request)

    @staticmethod
    def _refuse_multipart(request):
        """No form here takes a file, so a multipart body gets the form body's limits.

        Django applies DATA_UPLOAD_MAX_MEMORY_SIZE to multipart text fields only and streams
        file parts to disk whatever their size; here the whole body must fit the limit, be
        UTF-8, and hold no file part.
        """
        try:
            length = int(request.META.get("CONTENT_LENGTH") or "")
        except ValueError:
            return errors.bad_request(request, None)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return errors.bad_request(request, None)  # as Django answers a big form body
        if not _is_utf8(request.body):
            return errors.bad_request(request, None)
        request.upload_handlers = [RefuseFilesUploadHandler(request)]
        request.POST  # noqa: B018 (parse now, from the body read above)
        if getattr(request, REFUSED_FILE_FLAG, False) or request.FILES:
            return errors.bad_request(request, None)
        return None

    @staticmethod
    def _valid(request) -> bool:
        if _BROKEN_PATH_BYTE.search(request.path_info):
            return False
        query = request.META.get("QUERY_STRING", "")
        if query and not _is_utf8(unquote_to_bytes(query.encode("latin-1", "replace"))):
            return False
        if (
            request.content_type == "application/x-www-form-urlencoded"
            and request.method in BODY_METHODS
        ):
            # Reading the body here respects DATA_UPLOAD_MAX_MEMORY_SIZE (too big is a 400).
            body = request.body.replace(b"+", b" ")
            if not _is_utf8(unquote_to_bytes(body)):
                return False
        return True


class MethodNotAllowedPageMiddleware:
    """Turn the bare 405 of require_http_methods into the site's 405 page, keeping Allow."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = errors.method_not_allowed(request)
            page["Allow"] = response["Allow"]
            return page
        return response
