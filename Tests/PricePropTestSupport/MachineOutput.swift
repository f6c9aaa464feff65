import PriceProp

/// Checks on what a command printed, shared by the output and fuzzing tests and the libFuzzer target
/// (`scripts/fuzz.sh`), so it uses nothing but the package.
package enum MachineOutput {
    /// The first number-like `nan` or `inf` in `text` (not part of a longer word), if any.
    package static func nonFiniteToken(in text: String) -> String? {
        let bytes = Array(text.utf8)
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || b == UInt8(ascii: "_") }
        for word in ["nan", "inf"] {
            let w = Array(word.utf8)
            var i = 0
            while i + w.count <= bytes.count {
                if bytes[i..<i + w.count].elementsEqual(w, by: { ($0 | 0x20) == $1 }),
                   i == 0 || !isLetter(bytes[i - 1]),
                   i + w.count == bytes.count || !isLetter(bytes[i + w.count]) {
                    return word
                }
                i += 1
            }
        }
        return nil
    }

    /// Text a person should never see: Swift type and enum case spellings.
    package static func internalSpelling(in text: String) -> String? {
        ["PriceProp.", "Optional(", "Swift.", "Fatal error", "Backtracing"].first { text.contains($0) }
    }

    /// Whether `text` is one JSON value and nothing else, read by the package's own parser.
    package static func parsesAsJSON(_ text: String) -> Bool {
        (try? JSONParser.parse(Array(text.utf8))) != nil
    }

    /// Whether `text` is a CSV table whose every row is as long as its header, read by the package's reader.
    package static func parsesAsCSV(_ text: String) -> Bool {
        guard let table = try? CSVReader.read(text), !table.header.isEmpty else { return false }
        return table.rows.allSatisfy { $0.count == table.header.count }
    }
}
