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
public struct SourceMap: Sendable, Equatable {
    public var locations: [JSONPath: SourceLocation] = [:]
    public init() {}
    public subscript(path: JSONPath) -> SourceLocation? {
        get { locations[path] }
        set { locations[path] = newValue }
    }
}
