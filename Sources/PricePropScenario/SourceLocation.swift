/// A 1-based line and column in a text file.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
    public var description: String { "\(line):\(column)" }
}

/// A location inside a JSON document, rendered like `firms[2].production`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The path with one more component.
    public func appending(_ component: Component) -> JSONPath { JSONPath(components + [component]) }
    public static func / (path: JSONPath, key: String) -> JSONPath { path.appending(.key(key)) }
    public static func / (path: JSONPath, index: Int) -> JSONPath { path.appending(.index(index)) }

    /// `firms[2].production`; the document root is `$`.
    public var description: String {
        if components.isEmpty { return "$" }
        var text = ""
        for component in components {
            switch component {
            case let .key(key): text += text.isEmpty ? key : ".\(key)"
            case let .index(i): text += "[\(i)]"
            }
        }
        return text
    }
}

/// Where each JSON value of a scenario file starts, by path.
///
/// `goods[i]`, `firms[i]` and their scalar fields are stored packed in arrays rather than one dictionary entry
/// per path, because a scenario may hold a million firms and hashing a path per value would cost more than
/// reading the file.
public struct SourceMap: Sendable, Equatable {
    /// Locations of every other path (parameters, settings, events, firm parameters).
    public var locations: [JSONPath: SourceLocation] = [:]
    /// String values whose file text contains escapes, so a column inside the string cannot be mapped to a
    /// file column by adding offsets.
    public var escapedStrings: Set<JSONPath> = []

    private var goods = PackedLocations(fields: ["name", "endowment", "price", "initialPrice"])
    private var firms = PackedLocations(fields: ["name", "output", "production", "count", "parameters"])

    public init() {}

    public subscript(path: JSONPath) -> SourceLocation? {
        get {
            if let (table, index, slot) = packedSlot(path) {
                return table == "goods" ? goods[index, slot] : firms[index, slot]
            }
            return locations[path]
        }
        set {
            if let (table, index, slot) = packedSlot(path) {
                if table == "goods" { goods[index, slot] = newValue } else { firms[index, slot] = newValue }
            } else {
                locations[path] = newValue
            }
        }
    }

    /// The arrays whose elements are stored packed.
    enum PackedArray { case goods, firms }

    /// Records a location without building a path: `slot` 0 is the element, then its fields in declaration order.
    mutating func setPacked(_ array: PackedArray, index: Int, slot: Int, _ location: SourceLocation) {
        switch array {
        case .goods: goods[index, slot] = location
        case .firms: firms[index, slot] = location
        }
    }

    /// Slots per element of a packed array: the element, then its fields.
    func packedStride(_ array: PackedArray) -> Int {
        switch array {
        case .goods: return goods.fields.count + 1
        case .firms: return firms.fields.count + 1
        }
    }

    /// A location as a packed slot holds it (0, unknown, for line 0).
    static func packed(_ location: SourceLocation) -> UInt64 { PackedLocations.packed(location) }

    /// Replaces a packed array's slots with `slots`, ``packedStride(_:)`` per element, written with ``packed(_:)``.
    mutating func setPackedSlots(_ array: PackedArray, _ slots: [UInt64]) {
        switch array {
        case .goods: goods.slots = slots
        case .firms: firms.slots = slots
        }
    }

    /// Makes room for `count` elements up front, so a large file fills the table without regrowing it.
    mutating func reservePacked(_ array: PackedArray, count: Int) {
        switch array {
        case .goods: goods.slots.reserveCapacity(count * (goods.fields.count + 1))
        case .firms: firms.slots.reserveCapacity(count * (firms.fields.count + 1))
        }
    }

    private func packedSlot(_ path: JSONPath) -> (table: String, index: Int, slot: Int)? {
        let components = path.components
        guard components.count == 2 || components.count == 3,
              case let .key(table) = components[0], table == "goods" || table == "firms",
              case let .index(index) = components[1], index >= 0 else { return nil }
        guard components.count == 3 else { return (table, index, 0) }
        guard case let .key(field) = components[2],
              let position = (table == "goods" ? goods : firms).fields.firstIndex(of: field) else { return nil }
        return (table, index, position + 1)
    }

    /// Fixed-stride slots: the element's own location, then one per field; line 0 means unknown.
    private struct PackedLocations: Sendable, Equatable {
        let fields: [String]
        var slots: [UInt64] = []

        init(fields: [String]) { self.fields = fields }

        /// Equal when the known locations agree, however much unused capacity each has.
        static func == (a: Self, b: Self) -> Bool {
            a.fields == b.fields && a.slots.reversed().drop(while: { $0 == 0 }).elementsEqual(b.slots.reversed().drop(while: { $0 == 0 }))
        }

        subscript(index: Int, slot: Int) -> SourceLocation? {
            get {
                let i = index * (fields.count + 1) + slot
                guard i < slots.count, slots[i] != 0 else { return nil }
                return SourceLocation(line: Int(slots[i] >> 32), column: Int(slots[i] & 0xFFFF_FFFF))
            }
            set {
                let i = index * (fields.count + 1) + slot
                if i >= slots.count {
                    guard newValue != nil else { return }
                    slots.append(contentsOf: repeatElement(0, count: i + 1 - slots.count))
                }
                slots[i] = newValue.map(PackedLocations.packed) ?? 0
            }
        }

        static func packed(_ location: SourceLocation) -> UInt64 {
            UInt64(UInt32(truncatingIfNeeded: location.line)) << 32 | UInt64(UInt32(truncatingIfNeeded: location.column))
        }
    }
}
