import Foundation
import PricePropBasics

// MARK: - Parsing long arrays ahead on other threads

/// Runs of array elements of one large input, parsed on other threads while the main parse reads the start.
///
/// A raw line feed never occurs inside a JSON string or number, so a line that begins with `{` or `[` right
/// after a line ending in `,` starts an array element (in an object a comma is followed by a key). The input is
/// cut into `parts` at such lines; each part but the first is parsed on its own thread as a run of elements,
/// with line numbers counted from its first line, on a ``WorkerPool`` of its own while the main parse runs. When the main parse, inside an array and about to read a
/// value, arrives exactly where a part starts, it takes that part's nodes (shifted to their place) instead of
/// parsing the bytes itself. Everything else about a part is checked at that moment (its depth, its line, that
/// it ended cleanly); a part that fails any check is ignored and the main parse reads its bytes as usual, so
/// the document and any error are the same as a parse on one thread.
final class ParsedAhead {
    /// Inputs smaller than this are parsed on one thread.
    static let minimumSplitBytes = 1 << 22
    /// The most parts an input is cut into, whatever the thread count: each part has a thread of its own.
    static let maximumParts = 64

    /// A run of array elements parsed on its own.
    struct Segment {
        /// Where the first element starts, and where the next segment starts (or the input ends).
        var start: Int, limit: Int
        /// Assumed at `start`: the offset of its line's first byte and the UTF-8 continuation bytes before it.
        var startLineStart = 0, startContinuations = 0
        var nodes: [JSONDocument.Node] = []
        /// Elements parsed; whether parsing stopped at the array's `]` (else after a comma, at `end`).
        var elementCount = 0, endsAtClose = false
        /// Where parsing stopped, with the line feeds crossed and the line state there.
        var end = 0, lineFeeds = 0, endLineStart = 0, endContinuations = 0
        /// The most containers open at once inside the elements.
        var deepest = 0
        /// Whether the run parsed cleanly; `false` sends the main parse through the bytes itself.
        var parsed = false
    }

    private let input: UnsafeBufferPointer<UInt8>
    /// One slot per segment, each written by its own thread (a Swift array would be shared mutable state).
    private let segments: UnsafeMutableBufferPointer<Segment>
    /// Signalled when a segment has been parsed; whoever waits signals again for the next waiter.
    private let done: [DispatchSemaphore]

    /// Finds the cut points; ``parsing(_:)`` parses the parts.
    init(_ input: UnsafeBufferPointer<UInt8>, parts: Int) {
        self.input = input
        var starts: [Int] = []
        for k in 1..<max(1, parts) {
            if let start = ParsedAhead.elementLine(in: input, from: max(k * input.count / parts, (starts.last ?? 0) + 1)) {
                starts.append(start)
            }
        }
        segments = .allocate(capacity: starts.count)
        for k in starts.indices {
            segments.initializeElement(at: k, to: Segment(start: starts[k], limit: k + 1 < starts.count ? starts[k + 1] : input.count))
        }
        done = starts.map { _ in DispatchSemaphore(value: 0) }
    }

    deinit {
        segments.deinitialize()
        segments.deallocate()
    }

    /// Runs `main` (the main parse, which takes the segments as it reaches them) and parses every segment, each
    /// on a thread of a pool of one thread per part; returns `main`'s result once every segment is parsed.
    ///
    /// The main parse blocks on segments it reaches before they are done, so each part needs a thread that
    /// runs nothing else: the pool is this parse's own (never busy) and has a thread per chunk, so at least one
    /// thread besides the main parse's is always free to take the next segment.
    func parsing<Result>(_ main: () -> Result) -> Result {
        guard segments.count > 0 else { return main() }
        var result: Result?
        withoutActuallyEscaping(main) { main in
            withoutActuallyEscaping({ result = main() }) { runMain in
                let pool = WorkerPool<Job>(threads: segments.count + 1, name: "json-ahead", spins: 0)
                pool.run(Job(ahead: UnsafeSendable(self), main: UnsafeSendable(runMain)))
            }
        }
        // The pool ran chunk 0, the main parse, exactly once.
        return result.unsafelyUnwrapped
    }

    /// Chunk 0 is the main parse, chunk `k` segment `k - 1`.
    ///
    /// The main parse runs on whichever thread claims chunk 0, and writes the parser and `result` that only it
    /// uses until the pool returns; each segment's chunk writes only its own slot of ``segments`` and signals
    /// its semaphore, which the main parse waits on before it reads the slot (``UnsafeSendable``, reasons 1
    /// and 2).
    struct Job: WorkerJob {
        let ahead: UnsafeSendable<ParsedAhead>
        let main: UnsafeSendable<() -> Void>
        var chunkCount: Int { ahead.value.segments.count + 1 }
        func run(chunk: Int, worker: Int) {
            guard chunk > 0 else { return main.value() }
            let ahead = self.ahead.value, k = chunk - 1
            ahead.segments[k] = ParsedAhead.parse(ahead.segments[k], in: ahead.input)
            ahead.done[k].signal()
        }
    }

    /// Where segment `k` starts; `Int.max` past the last.
    func start(of k: Int) -> Int { k < segments.count ? segments[k].start : Int.max }

    /// Segment `k`, once its thread has finished it; its nodes move out to the caller.
    func take(_ k: Int) -> Segment {
        done[k].wait()
        done[k].signal()
        let segment = segments[k]
        segments[k].nodes = []
        return segment
    }

    /// The first offset at or after `from` that starts a line beginning (after blanks) with `{` or `[`, where
    /// the line before ends (before blanks) with `,`; `nil` if none is found within 1 MB.
    static func elementLine(in input: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        var i = from
        let end = min(input.count, from + (1 << 20))
        while i < end {
            guard input[i] == 0x0A else {
                i += 1
                continue
            }
            var before = i - 1
            while before >= 0, isBlank(input[before]) { before -= 1 }
            var after = i + 1
            while after < input.count, isBlank(input[after]) { after += 1 }
            if before >= 0, input[before] == UInt8(ascii: ","), after < input.count,
               input[after] == UInt8(ascii: "{") || input[after] == UInt8(ascii: "[") {
                return after
            }
            i += 1
        }
        return nil
    }

    /// Parses `segment`'s elements: values separated by commas, up to the first comma at or past its limit,
    /// or up to a `]`.
    static func parse(_ segment: Segment, in input: UnsafeBufferPointer<UInt8>) -> Segment {
        var segment = segment
        var lineStart = segment.start
        while lineStart > 0, input[lineStart - 1] != 0x0A { lineStart -= 1 }
        if lineStart == 0, input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { lineStart = 3 }
        segment.startLineStart = lineStart
        segment.startContinuations = input[lineStart..<segment.start].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 1 : 0) }

        var parser = JSONParser(input: input, bytesToParse: segment.limit - segment.start)
        parser.position = segment.start
        parser.lineStart = segment.startLineStart
        parser.lineContinuations = segment.startContinuations
        do throws(JSONSyntaxError) {
            while true {
                try parser.parseValue()
                segment.elementCount += 1
                parser.skipWhitespace()
                guard parser.position < input.count else { return segment }
                if input[parser.position] == UInt8(ascii: "]") {
                    segment.endsAtClose = true
                    break
                }
                guard input[parser.position] == UInt8(ascii: ",") else { return segment }
                parser.position += 1
                parser.skipWhitespace()
                // A trailing comma is left for the main parse to report.
                guard parser.position < input.count, input[parser.position] != UInt8(ascii: "]") else { return segment }
                if parser.position >= segment.limit { break }
            }
        } catch {
            return segment
        }
        segment.end = parser.position
        segment.lineFeeds = parser.line - 1
        segment.endLineStart = parser.lineStart
        segment.endContinuations = parser.lineContinuations
        segment.deepest = parser.deepest
        segment.nodes = parser.nodes
        segment.parsed = true
        return segment
    }
}

extension JSONParser {
    /// At `nextSegmentStart` or past it: takes the segment parsed ahead if it starts exactly here, inside an
    /// array, and fits; returns whether a value must follow, or `nil` to parse on as usual.
    mutating func takeSegmentParsedAhead() -> Bool? {
        guard let ahead else { return nil }
        // Segments passed without landing on their start are left to their threads and ignored.
        while position > nextSegmentStart {
            nextSegment += 1
            nextSegmentStart = ahead.start(of: nextSegment)
        }
        guard position == nextSegmentStart else { return nil }
        let k = nextSegment
        nextSegment += 1
        nextSegmentStart = ahead.start(of: nextSegment)
        guard let top = open.last, !top.isObject else { return nil }
        let segment = ahead.take(k)
        guard segment.parsed, open.count + segment.deepest <= JSONParser.maximumDepth,
              segment.startLineStart == lineStart, segment.startContinuations == lineContinuations,
              nodes.count + segment.nodes.count < Int(UInt32.max) else { return nil }
        let nodeOffset = UInt32(nodes.count), lineOffset = UInt32(truncatingIfNeeded: line - 1)
        nodes.append(contentsOf: segment.nodes.lazy.map { node in
            var node = node
            node.line &+= lineOffset
            if node.kind == .array || node.kind == .object { node.b += nodeOffset }
            return node
        })
        open[open.count - 1].count += segment.elementCount - (segment.endsAtClose ? 1 : 0)
        position = segment.end
        line += segment.lineFeeds
        lineStart = segment.endLineStart
        lineContinuations = segment.endContinuations
        if open.count + segment.deepest > deepest { deepest = open.count + segment.deepest }
        segmentsTaken += 1
        return !segment.endsAtClose
    }
}
