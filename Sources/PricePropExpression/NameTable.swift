import Foundation

/// Names looked up by their UTF-8 bytes, without making Strings: open addressing on an FNV-1a hash. A repeated
/// name maps to its last index.
package struct NameTable {
    private var slots: [Int32]
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    package init(_ names: [String]) {
        var capacity = 16
        while capacity < 2 * names.count { capacity *= 2 }
        slots = Array(repeating: -1, count: capacity)
        for (i, name) in names.enumerated() {
            let utf8 = Array(name.utf8)
            bytes.append(contentsOf: utf8)
            starts.append(bytes.count)
            // The last occurrence wins, like a dictionary filled in order.
            var slot = utf8.withUnsafeBufferPointer { Self.hash($0) } & (capacity - 1)
            while slots[slot] >= 0 {
                let j = Int(slots[slot])
                if bytes[starts[j]..<starts[j + 1]].elementsEqual(utf8) { break }
                slot = (slot + 1) & (capacity - 1)
            }
            slots[slot] = Int32(i)
        }
    }

    @inline(__always)
    static func hash(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in name { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The index of `name`, if present.
    package func find(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(name) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            let start = starts[i], end = starts[i + 1]
            if end - start == name.count, bytes.withUnsafeBufferPointer({ equal($0.baseAddress.map { $0 + start }, name.baseAddress, name.count) }) {
                return i
            }
            slot = (slot + 1) & mask
        }
    }
}

/// Whether `string`'s UTF-8 is `bytes`.
@inline(__always)
package func sameBytes(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var string = string
    return string.withUTF8 { s in s.count == bytes.count && equal(s.baseAddress, bytes.baseAddress, s.count) }
}

/// Whether `count` bytes at `a` and `b` are equal; empty buffers may have no address.
@inline(__always)
private func equal(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
    guard count > 0 else { return true }
    guard let a, let b else { return false }
    return memcmp(a, b, count) == 0
}
