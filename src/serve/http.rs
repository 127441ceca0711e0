//! The small HTTP/1.1 subset a preview server needs: `GET` and `HEAD`, one request per
//! connection (`Connection: close`), no caching (`Cache-Control: no-store`, so a reload always
//! shows the last build). A thread per connection is plenty for one editor's browser.

use std::io::{self, BufRead, Read, Write};

/// Requests larger than this (request line plus headers) are refused.
const MAX_HEAD: usize = 16 * 1024;

/// A parsed request head. The site itself needs only the request line; the editing screen
/// (`/_loa/`) also reads a few headers (token, `Origin`, `Host`, `Content-Length`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub method: String,
    /// The path without query string or fragment, still percent-encoded.
    pub path: String,
    /// The query string with its `?`, or empty.
    pub query: String,
    /// Header names in lowercase, values trimmed, in the order received.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first header called `name` (lowercase).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request could not be read.
#[derive(Debug)]
pub(crate) enum BadRequest {
    /// The connection failed or timed out: just close it.
    Io,
    /// Malformed: answer 400.
    Malformed,
    /// Too large: answer 431.
    TooLarge,
}

/// Reads one request head from `r`.
pub(crate) fn read_request(r: &mut impl BufRead) -> Result<Request, BadRequest> {
    let mut head = Vec::new();
    let mut limited = r.take(MAX_HEAD as u64 + 1);
    loop {
        let mut line = Vec::new();
        let n = limited
            .read_until(b'\n', &mut line)
            .map_err(|_| BadRequest::Io)?;
        if n == 0 {
            return Err(if head.len() > MAX_HEAD {
                BadRequest::TooLarge
            } else {
                BadRequest::Malformed
            });
        }
        let blank = line == b"\r\n" || line == b"\n";
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return Err(BadRequest::TooLarge);
        }
        // Tolerate blank lines before the request line (RFC 9112 §2.2).
        if blank && head.len() > line.len() {
            break;
        }
        if blank {
            head.clear();
        }
    }
    let text = std::str::from_utf8(&head).map_err(|_| BadRequest::Malformed)?;
    let first = text.lines().next().unwrap_or("");
    let headers = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(BadRequest::Malformed);
    };
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || method.is_empty() {
        return Err(BadRequest::Malformed);
    }
    // Absolute-form targets (`http://host/path`) come from proxies; keep only the path.
    let target = match target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let target = target.split('#').next().unwrap_or("");
    let (path, query) = match target.find('?') {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    Ok(Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers,
    })
}

/// A response about to be written.
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

pub(crate) enum Body {
    Bytes(Vec<u8>),
    File(std::fs::File, u64),
}

impl Response {
    pub(crate) fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: Body::Bytes(body.into()),
        }
    }

    pub(crate) fn html(status: u16, body: String) -> Response {
        Response::bytes(status, "text/html; charset=utf-8", body)
    }

    pub(crate) fn redirect(location: String) -> Response {
        let mut r = Response::bytes(301, "text/plain; charset=utf-8", format!("→ {location}\n"));
        r.headers.push(("Location", location));
        r
    }

    /// Writes the response; the body is left out for `HEAD`.
    pub(crate) fn write_to(self, w: &mut impl Write, head_only: bool) -> io::Result<()> {
        let len = match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, n) => *n,
        };
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {len}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
        ));
        w.write_all(head.as_bytes())?;
        if !head_only {
            match self.body {
                Body::Bytes(b) => w.write_all(&b)?,
                Body::File(f, n) => {
                    io::copy(&mut f.take(n), w)?;
                }
            }
        }
        w.flush()
    }
}

pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Request, BadRequest> {
        read_request(&mut io::Cursor::new(s.as_bytes().to_vec()))
    }

    #[test]
    fn parses_request_line() {
        let r = parse("GET /bdg/a/?q=b%C3%ACnh HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.path, "/bdg/a/");
        assert_eq!(r.query, "?q=b%C3%ACnh");
        let r = parse("\r\nHEAD http://127.0.0.1:1111/x.css HTTP/1.0\n\n").unwrap();
        assert_eq!((r.method.as_str(), r.path.as_str()), ("HEAD", "/x.css"));
    }

    #[test]
    fn refuses_malformed_and_huge() {
        assert!(matches!(parse("GET /\r\n\r\n"), Err(BadRequest::Malformed)));
        assert!(matches!(
            parse("GET / HTTP/1.1\r\n"),
            Err(BadRequest::Malformed)
        ));
        assert!(matches!(
            parse("GET / SPDY/3\r\n\r\n"),
            Err(BadRequest::Malformed)
        ));
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(parse(&huge), Err(BadRequest::TooLarge)));
    }

    #[test]
    fn writes_head_without_body() {
        let mut out = Vec::new();
        Response::html(200, "<p>x</p>".into())
            .write_to(&mut out, true)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Length: 8\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
