import PriceProp

/// A run's time series streamed as CSV while it runs: to standard output, or atomically to a file that
/// appears under its name only once complete (also after an interruption, with every row recorded so far).
struct TimeSeriesOutput {
    private var stream: AtomicFile.Stream?
    private var io: CommandIO?
    private var failure: FileError?
    /// The recorder's schema: the header and each cell's form come from it.
    private let schema: TimeSeriesSchema

    /// Writes the header; `path` `-` is standard output.
    init(path: String, schema: TimeSeriesSchema, io: inout CommandIO) throws(FileError) {
        self.schema = schema
        var header = ""
        schema.writeCSVHeader(to: &header)
        if AtomicFile.isStandardOutput(path) {
            self.io = io
            io.out.write(header)
        } else {
            let stream = try AtomicFile.Stream(path: path)
            try stream.write(header)
            self.stream = stream
        }
    }

    /// Appends rows; a write failure is kept and reported by ``finish(io:)``.
    mutating func append(_ rows: [[Double]]) {
        var text = ""
        schema.writeCSV(rows: rows, to: &text)
        if var io {
            io.out.write(text)
            self.io = io
        } else if failure == nil {
            do { try stream?.write(text) } catch { failure = error }
        }
    }

    /// Moves the file into place; returns ``ExitCode/fileIO`` after reporting a failure, else `nil`.
    mutating func finish(io: inout CommandIO) -> Int32? {
        if failure == nil {
            do { try stream?.commit() } catch { failure = error }
        }
        guard let failure else { return nil }
        stream?.discard()
        io.error(failure.description)
        return ExitCode.fileIO
    }
}
