/// Many strings kept as one run of UTF-8 bytes and where each ends, made into a `String` when read.
///
/// A million separate strings longer than fifteen bytes cost a heap object each (a header of 32 bytes, the
/// text rounded up by the allocator, and the array's 16 bytes per element): about 90 bytes for a 40-byte
/// production expression. Packed, the same text costs its bytes and 8 for its end.
public struct PackedStrings: RandomAccessCollection, Sendable, Equatable {
    private var bytes: [UInt8] = []
    /// Where each string ends in ``bytes``; the first starts at 0.
    private var ends: [Int] = []

    /// No strings.
    public init() {}

    /// The strings of `strings`, in order, in storage of exactly their size (two passes over them).
    public init(_ strings: some Collection<String>) {
        bytes.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count })
        ends.reserveCapacity(strings.count)
        for string in strings { append(string) }
    }

    /// Adds `string` at the end.
    public mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        ends.append(bytes.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    public subscript(i: Int) -> String {
        let start = i == 0 ? 0 : ends[i - 1]
        return String(decoding: bytes[start..<ends[i]], as: UTF8.self)
    }
}
