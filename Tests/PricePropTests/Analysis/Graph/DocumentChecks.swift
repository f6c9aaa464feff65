import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses `text` as XML and returns the error, or `nil` when it is well-formed; also collects the names of
/// the elements seen and the character data (each element's text on its own line), so tests can look for what a document shows.
struct XMLCheck {
    var error: String?
    var elements: [String] = []
    var text = ""

    init(_ document: String) {
        let delegate = Collector()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = delegate
        if !parser.parse() {
            error = "line \(parser.lineNumber), column \(parser.columnNumber): \(parser.parserError.map { "\($0)" } ?? "not well-formed")"
        }
        elements = delegate.elements
        text = delegate.text
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(name)
            text += "\n"
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            text += "\n"
        }
        // Character data may come in several pieces (at entities, say); each element's text stays one line.
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }
}

/// A checker for the DOT subset the picture writes: `digraph ID { stmt; ... }` with node statements, edge
/// statements (`a -> b`), attribute statements (`graph`/`node`/`edge [...]`) and `{ rank=same; ... }`
/// subgraphs; IDs quoted with `\"` and `\\` escapes or plain words. Every edge's ends must be declared nodes.
struct DOTCheck {
    var error: String?
    var nodes: [String: [String: String]] = [:]
    var edges: [(from: String, to: String, attributes: [String: String])] = []

    init(_ text: String) {
        do { try parse(tokens: try Self.tokens(text)) } catch { self.error = error.message }
    }

    struct Failure: Error { var message: String }

    static func tokens(_ text: String) throws(Failure) -> [String] {
        var tokens: [String] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c.isWhitespace { i = text.index(after: i); continue }
            if c == "\"" {
                var value = "\"", j = text.index(after: i), closed = false
                while j < text.endIndex {
                    let d = text[j]
                    if d == "\\" {
                        let next = text.index(after: j)
                        guard next < text.endIndex else { break }
                        value.append(text[next] == "n" ? "\n" : text[next])
                        j = text.index(after: next)
                        continue
                    }
                    if d == "\n" { throw Failure(message: "line break inside a quoted ID") }
                    if d == "\"" { closed = true; break }
                    value.append(d)
                    j = text.index(after: j)
                }
                guard closed else { throw Failure(message: "unterminated quoted ID") }
                tokens.append(value)
                i = text.index(after: j)
            } else if text[i...].hasPrefix("->") {
                tokens.append("->")
                i = text.index(i, offsetBy: 2)
            } else if "{}[]=;,".contains(c) {
                tokens.append(String(c))
                i = text.index(after: i)
            } else if c.isLetter || c.isNumber || c == "_" || c == "." || c == "-" {
                var j = i
                while j < text.endIndex, text[j].isLetter || text[j].isNumber || text[j] == "_" || text[j] == "." || text[j] == "-" {
                    j = text.index(after: j)
                }
                tokens.append(String(text[i..<j]))
                i = j
            } else {
                throw Failure(message: "unexpected character '\(c)'")
            }
        }
        return tokens
    }

    mutating func parse(tokens: [String]) throws(Failure) {
        var p = 0
        func next() throws(Failure) -> String {
            guard p < tokens.count else { throw Failure(message: "unexpected end") }
            p += 1
            return tokens[p - 1]
        }
        func expect(_ token: String) throws(Failure) {
            let got = try next()
            guard got == token else { throw Failure(message: "expected '\(token)', found '\(got)'") }
        }
        func isID(_ token: String) -> Bool { token.hasPrefix("\"") || token.first.map { $0.isLetter || $0.isNumber } == true }
        func id(_ token: String) -> String { token.hasPrefix("\"") ? String(token.dropFirst()) : token }
        func attributes() throws(Failure) -> [String: String] {
            var result: [String: String] = [:]
            try expect("[")
            while true {
                let key = try next()
                if key == "]" { break }
                guard isID(key) else { throw Failure(message: "expected an attribute name, found '\(key)'") }
                try expect("=")
                let value = try next()
                guard isID(value) else { throw Failure(message: "expected a value for '\(key)'") }
                result[id(key)] = id(value)
                let separator = try next()
                if separator == "]" { break }
                guard separator == "," || separator == ";" else { throw Failure(message: "expected ',' or ']'") }
            }
            return result
        }
        try expect("digraph")
        if p < tokens.count, isID(tokens[p]) { p += 1 }
        try expect("{")
        var depth = 1
        while depth > 0 {
            let token = try next()
            switch token {
            case "}": depth -= 1
            case "{": depth += 1
            case ";": continue
            case "graph", "node", "edge":
                _ = try attributes()
            case let t where isID(t):
                if p < tokens.count, tokens[p] == "=" {
                    p += 1
                    guard isID(try next()) else { throw Failure(message: "expected a value after '\(t)='") }
                } else if p < tokens.count, tokens[p] == "->" {
                    p += 1
                    let target = try next()
                    guard isID(target) else { throw Failure(message: "expected an edge target") }
                    let attrs = p < tokens.count && tokens[p] == "[" ? try attributes() : [:]
                    edges.append((id(t), id(target), attrs))
                } else if depth == 1 {
                    nodes[id(t)] = p < tokens.count && tokens[p] == "[" ? try attributes() : [:]
                }
            default:
                throw Failure(message: "unexpected '\(token)'")
            }
        }
        guard p == tokens.count else { throw Failure(message: "text after the closing brace") }
        for edge in edges where nodes[edge.from] == nil || nodes[edge.to] == nil {
            throw Failure(message: "edge \(edge.from) -> \(edge.to) names an undeclared node")
        }
    }
}
