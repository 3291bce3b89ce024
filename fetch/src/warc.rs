//! Exchanges → a WARC file as crawlers write them: a `warcinfo` record,
//! then each exchange as a `request` and a `response` record, every record
//! its own gzip member (so a reader can start at any record). Records are
//! built with the `warc` crate; the caller gives the writer (the command
//! line gives a temporary file renamed into place when the run ends).

use crate::exchange::Exchange;
use std::io::{self, Write};
use warc::{RecordBuilder, RecordType, WarcHeader};

/// Writes exchanges as gzipped WARC records to `W`.
pub struct WarcWriter<W: Write> {
    out: W,
    records: usize,
}

impl<W: Write> WarcWriter<W> {
    /// Starts a WARC file on `out` with a `warcinfo` record naming
    /// `software` (e.g. `stance/0.1.0`).
    pub fn new(out: W, software: &str) -> io::Result<Self> {
        let mut writer = WarcWriter { out, records: 0 };
        let info =
            format!("software: {software}\r\nformat: WARC File Format 1.0\r\nrobots: obey\r\n");
        let record = RecordBuilder::default()
            .warc_type(RecordType::WarcInfo)
            .header(WarcHeader::ContentType, "application/warc-fields")
            .body(info.into_bytes());
        writer.write_record(record)?;
        Ok(writer)
    }

    /// Appends `exchange` as a `response` record and the `request` record
    /// that asked for it (linked by `WARC-Concurrent-To`).
    pub fn write(&mut self, exchange: &Exchange) -> io::Result<()> {
        let date = chrono::DateTime::<chrono::Utc>::from(exchange.date);
        let response_id = warc::Record::<warc::BufferedBody>::generate_record_id();
        let response = RecordBuilder::default()
            .warc_type(RecordType::Response)
            .warc_id(response_id.clone())
            .date(date)
            .header(WarcHeader::TargetURI, exchange.url.as_bytes())
            .header(
                WarcHeader::ContentType,
                "application/http; msgtype=response",
            )
            .body(exchange.http_block());
        self.write_record(response)?;
        let request = RecordBuilder::default()
            .warc_type(RecordType::Request)
            .date(date)
            .header(WarcHeader::TargetURI, exchange.url.as_bytes())
            .header(WarcHeader::ConcurrentTo, response_id)
            .header(WarcHeader::ContentType, "application/http; msgtype=request")
            .body(exchange.request.clone());
        self.write_record(request)
    }

    /// Records written so far (the `warcinfo` one included).
    pub fn records(&self) -> usize {
        self.records
    }

    /// The writer records go to.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// The writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }

    fn write_record(&mut self, record: RecordBuilder) -> io::Result<()> {
        let record = record
            .build()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
        // Into memory first: the crate's writer does not retry short writes.
        let mut plain = Vec::with_capacity(record.body().len() + 512);
        warc::WarcWriter::new(&mut plain).write(&record)?;
        let mut gz = flate2::write::GzEncoder::new(&mut self.out, flate2::Compression::default());
        gz.write_all(&plain)?;
        gz.finish()?;
        self.records += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::time::SystemTime;

    #[test]
    fn records_are_separate_gzip_members_that_read_back() {
        let ex = Exchange {
            url: "http://a.test/story".into(),
            date: SystemTime::UNIX_EPOCH,
            request: b"GET /story HTTP/1.1\r\nHost: a.test\r\n\r\n".to_vec(),
            version: "HTTP/1.1".into(),
            status: 200,
            headers: vec![("Content-Type".into(), b"text/html".to_vec())],
            body: b"<p>The ferry left.</p>".to_vec(),
        };
        let mut w = WarcWriter::new(Vec::new(), "stance/test").unwrap();
        w.write(&ex).unwrap();
        assert_eq!(w.records(), 3);
        let bytes = w.finish().unwrap();
        // Three gzip members: three magic numbers at member starts.
        let mut members = 0;
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let mut d = flate2::bufread::GzDecoder::new(rest);
            let mut plain = Vec::new();
            d.read_to_end(&mut plain).unwrap();
            rest = d.into_inner();
            members += 1;
        }
        assert_eq!(members, 3);
        let reader = warc::WarcReader::new(std::io::BufReader::new(
            flate2::read::MultiGzDecoder::new(&bytes[..]),
        ));
        let records: Vec<_> = reader.iter_records().map(Result::unwrap).collect();
        let kinds: Vec<String> = records.iter().map(|r| r.warc_type().to_string()).collect();
        assert_eq!(kinds, ["warcinfo", "response", "request"]);
        let response = &records[1];
        assert_eq!(
            response.header(WarcHeader::TargetURI).unwrap(),
            "http://a.test/story"
        );
        assert_eq!(response.body(), &ex.http_block()[..]);
        assert_eq!(
            records[2].header(WarcHeader::ConcurrentTo).unwrap(),
            response.warc_id()
        );
        assert!(response
            .header(WarcHeader::Date)
            .unwrap()
            .starts_with("1970-01-01T00:00:00"));
    }
}
