#!/usr/bin/env python3
"""Helpers of delivery.sh and playlists.sh: set up blobs and lectures through the running app's public API, and sign
blob read URLs the way the app does.

  bench_video.py lecture BASE TOKEN                          -> prints "courseId lectureId" (a new course, module, lecture)
  bench_video.py blobs BASE TOKEN DATA COURSE LECTURE COUNT SIZE CONTENT_TYPE OUT
      Opens COUNT upload sessions on the lecture and puts one blob of SIZE random bytes through each signed upload URL
      (Azure's Put Blob, as a browser would), so the files on disk are written by the store itself. Then writes OUT:
      one line per blob, "blob-name<TAB>signed read path" (path and query of a read URL, signed with DATA/blob-signing.key).
  bench_video.py upload BASE TOKEN COURSE LECTURE FILE       -> uploads FILE in blocks, completes, waits for Ready;
      prints the media playlist path of the first rendition (with its playback token) and the rendition count.
  bench_video.py sign DATA NAME [CONTAINER]                  -> one signed read path (for checks by hand)

Signed URL format (functions/Cooc.Embedded/Blobs/SignedBlobUrls.cs): /blobs/{container}/{name}?se={unix}&sp=r&sig={b64url}
with sig = HMAC-SHA256(key, "container\\nname\\nsp\\nse"), key = the 32 bytes of {DataPath}/blob-signing.key.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/"


def call(method, url, token=None, body=None, headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        request.add_header(k, v)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read()
            return response.status, (json.loads(text) if text and response.headers.get_content_type().endswith("json") else text)
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {url} -> {e.code} {e.read()[:500]!r}")


def sign_path(key, container, name, expires, sp="r"):
    mac = hmac.new(key, f"{container}\n{name}\n{sp}\n{expires}".encode(), hashlib.sha256).digest()
    sig = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    path = name if all(c in SAFE for c in name) else urllib.parse.quote(name, safe="/")
    return f"/blobs/{container}/{path}?se={expires}&sp={sp}&sig={sig}"


def new_lecture(base, token):
    _, course = call("POST", f"{base}/api/courses", token, {"title": {"en": "Video bench"}, "defaultLanguage": "en"})
    course_id = course["courseId"]
    call("POST", f"{base}/api/courses/{course_id}/publish", token)
    _, view = call("POST", f"{base}/api/courses/{course_id}/modules", token, {"title": {"en": "Week 1"}})
    module_id = view["modules"][0]["moduleId"]
    _, view = call("POST", f"{base}/api/courses/{course_id}/lectures", token, {"moduleId": module_id, "title": {"en": "Lecture"}})
    return course_id, view["modules"][0]["lectures"][-1]["lectureId"]


def open_upload(base, token, course, lecture, size, content_type, file_name):
    _, upload = call("POST", f"{base}/api/courses/{course}/lectures/{lecture}/uploads", token,
                     {"fileName": file_name, "size": size, "contentType": content_type})
    return upload


def blobs(base, token, data, course, lecture, count, size, content_type, out):
    key = open(os.path.join(data, "blob-signing.key"), "rb").read()
    expires = int(time.time()) + 6 * 3600

    def one(i):
        upload = open_upload(base, token, course, lecture, size, content_type, f"seg{i:05d}.ts")
        # The upload URL is the source blob's signed write URL: Put Blob writes the whole blob in one request.
        call("PUT", upload["uploadUrl"], raw=os.urandom(size),
             headers={"x-ms-blob-type": "BlockBlob", "x-ms-blob-content-type": content_type, "Content-Type": content_type})
        url = urllib.parse.urlsplit(upload["uploadUrl"])
        prefix = "/blobs/video/"
        assert url.path.startswith(prefix), url.path
        name = urllib.parse.unquote(url.path[len(prefix):])
        return name, sign_path(key, "video", name, expires)

    with ThreadPoolExecutor(8) as pool:
        rows = list(pool.map(one, range(count)))
    with open(out, "w") as f:
        for name, path in rows:
            f.write(f"{name}\t{path}\n")


def upload_lecture(base, token, course, lecture, path):
    size = os.path.getsize(path)
    upload = open_upload(base, token, course, lecture, size, "video/mp4", os.path.basename(path))
    block_size = upload["blockSize"]
    with open(path, "rb") as f:
        for index in range(upload["blockCount"]):
            block_id = urllib.parse.quote(base64.b64encode(f"block-{index:06d}".encode()).decode(), safe="")
            call("PUT", f"{upload['uploadUrl']}&comp=block&blockid={block_id}", raw=f.read(block_size))
    call("POST", f"{base}/api/courses/{course}/lectures/{lecture}/uploads/{upload['uploadId']}/complete", token)
    deadline = time.time() + 1800
    while True:
        _, view = call("GET", f"{base}/api/courses/{course}/lectures/{lecture}", token)
        if view["status"].lower() in ("ready", "failed"):
            break
        if time.time() > deadline:
            raise SystemExit(f"lecture still {view['status']} after 30 minutes")
        time.sleep(0.5)
    if view["status"].lower() != "ready":
        raise SystemExit(f"packaging failed: {view.get('failureReason')}")
    _, playback = call("GET", f"{base}/api/courses/{course}/lectures/{lecture}/playback", token)
    if not playback.get("masterPlaylistUrl"):
        raise SystemExit("the lecture was packaged as a progressive MP4 (no HLS): is ffmpeg installed for the app?")
    master = urllib.parse.urlsplit(playback["masterPlaylistUrl"])
    token_query = urllib.parse.parse_qs(master.query)["token"][0]
    renditions = view["renditions"]
    name = renditions[0]
    hls = master.path[: -len("master.m3u8")]
    print(f"{hls}{urllib.parse.quote(name)}/index.m3u8?token={urllib.parse.quote(token_query, safe='')} {len(renditions)}")


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "lecture":
        print(*new_lecture(argv[2], argv[3]))
    elif command == "blobs":
        base, token, data, course, lecture, count, size, content_type, out = argv[2:11]
        blobs(base, token, data, course, lecture, int(count), int(size), content_type, out)
    elif command == "upload":
        upload_lecture(*argv[2:7])
    elif command == "sign":
        key = open(os.path.join(argv[2], "blob-signing.key"), "rb").read()
        print(sign_path(key, argv[4] if len(argv) > 4 else "video", argv[3], int(time.time()) + 3600))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
