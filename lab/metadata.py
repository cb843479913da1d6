#!/usr/bin/env python3
"""An EC2 instance metadata service (IMDSv2) for one lab host: a PUT for a session token, then
GETs of /latest/meta-data/public-ipv4 with it. The public address is read from a file at each
request, so the lab moves a host by writing the file."""
import argparse
import http.server
import secrets

TOKEN = secrets.token_hex(16)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8169)
    parser.add_argument("--address-file", required=True)
    args = parser.parse_args()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PUT(self):
            if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                self.reply(200, TOKEN)
            else:
                self.reply(400, "")

        def do_GET(self):
            if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
                self.reply(401, "")
            elif self.path == "/latest/meta-data/public-ipv4":
                with open(args.address_file) as f:
                    self.reply(200, f.read().strip())
            else:
                self.reply(404, "")

        def reply(self, status, body):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    http.server.ThreadingHTTPServer((args.listen, args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
