import PricePropBasics
import PricePropExpression

// MARK: - Compiler-style text

extension ScenarioDiagnostic: CustomStringConvertible {
    /// `file:line:column: error: path: message`, and for expressions two more lines: the expression and a caret
    /// under the fault. Parts that are unknown (no file, no location, the document root) are left out.
    /// Names and text from the file are escaped and long ones shortened (``MessageText``), so no input can
    /// add a line of its own; a long expression is shown as the stretch around the fault.
    public var rendered: String {
        var prefix = ""
        if let file { prefix += "\(file):" }
        if let location { prefix += "\(location.line):\(location.column):" }
        var text = (prefix.isEmpty ? "" : prefix + " ") + "\(severity.rawValue): "
        if let path, !path.components.isEmpty { text += "\(path): " }
        text = MessageText.line(text + message)
        if let (expression, column) = expressionAndColumn {
            let (shown, caret) = Self.excerpt(of: expression, column: column)
            text += "\n    \(shown)\n    \(ExpressionError.caretLine(source: shown, column: caret))"
        }
        return text
    }

    /// Characters shown on each side of the fault in a long expression.
    static let excerptRadius = 60

    /// The stretch of `expression` around `column` (the whole of a short one), one character shown for one
    /// so the caret lines up: line breaks and tabs as spaces, other control characters as U+FFFD; and the
    /// caret's column within it.
    static func excerpt(of expression: String, column: Int) -> (text: String, column: Int) {
        let characters = Array(expression)
        let fault = min(max(column - 1, 0), characters.count)
        let start = max(0, fault - excerptRadius), end = min(characters.count, fault + excerptRadius)
        var shown = start > 0 ? "…" : ""
        for character in characters[start..<end] {
            if character.isNewline || character == "\t" {
                shown += " "
            } else if character.unicodeScalars.contains(where: { MessageText.escape($0) != nil }) {
                shown += "\u{FFFD}"
            } else {
                shown.append(character)
            }
        }
        if end < characters.count { shown += "…" }
        return (shown, fault - start + 1 + (start > 0 ? 1 : 0))
    }

    public var description: String { rendered }

    /// The faulty expression and 1-based column within it, for problems inside a production function.
    var expressionAndColumn: (String, Int)? {
        switch problem {
        case let .invalidExpression(error, expression): return (expression, error.column)
        case let .unknownName(_, _, expression, column): return (expression, column)
        default: return nil
        }
    }

    /// The problem in one line, without location or path.
    public var message: String {
        switch problem {
        case let .syntax(kind): return Self.message(for: kind)
        case let .unsupportedVersion(version, newest):
            return "scenario format version \(version) is newer than this program reads (up to \(newest)); upgrade PriceProp"
        case let .invalidValue(expected, found):
            return "expected \(Self.text(expected)), found \(Self.text(found))"
        case let .missingKey(key): return "missing required key '\(key)'"
        case let .unknownKey(key, suggestion): return "unknown key '\(key)'" + didYouMean(suggestion)
        case let .duplicateGood(name, first): return "duplicate good '\(name)' (first declared at \(first))"
        case let .duplicateFirm(name, first): return "duplicate firm '\(name)' (first declared at \(first))"
        case let .endowmentAndPrice(good):
            return "good '\(good)' has both an endowment and a price; give a primary good an endowment or a traded good a price, not both"
        case let .unknownOutput(name, suggestion): return "unknown good '\(name)'" + didYouMean(suggestion)
        case let .outputIsPrimary(good):
            return "firm makes '\(good)', a primary good with a fixed endowment; primary goods cannot be produced"
        case let .invalidExpression(error, _): return error.message
        case let .expressionTooDeep(_, limit): return "expression nests more than \(limit) levels deep"
        case let .nameTooLong(length, limit): return "name of \(length) bytes is longer than the limit of \(limit)"
        case let .unknownName(name, suggestion, _, _):
            switch suggestion {
            case let .good(good)?: return "unknown good '\(name)'" + didYouMean(good)
            case let .parameter(parameter)?: return "unknown parameter '\(name)'" + didYouMean(parameter)
            case nil: return "unknown good or parameter '\(name)'"
            }
        case let .parameterNamesGood(name):
            return "parameter '\(name)' has the same name as a good; rename one so expressions are unambiguous"
        case let .invalidName(role, name, fault): return Self.invalidNameMessage(role, name, fault)
        case let .tooLarge(measure, limit): return Self.tooLargeMessage(measure, limit)
        case let .unsustainableCycle(goods):
            return "the cycle \((goods + goods.prefix(1)).joined(separator: " -> ")) cannot sustain itself: each unit of a good on it returns at least one unit of it, so there is no steady state with positive net output"
        case let .selfAmplifyingCycle(goods, gain, isOneCycle):
            return Self.selfAmplifyingMessage(goods, gain: gain, isOneCycle: isOneCycle)
        case let .closedCycle(goods, degree):
            return "the cycle of \(Self.list(goods)) cannot sustain itself: its firms buy nothing from outside it and every technology on it is homogeneous of degree at least 1 (the lowest \(NumberText.significant(degree, digits: 3))), so at any prices it spends at least what it earns on its own goods, and there is no steady state with positive net output"
        case let .unproducedIntermediate(good):
            return "good '\(good)' has no endowment, no price and no firm making it; its supply would always be zero"
        case let .unusedGood(good): return "good '\(good)' is not an input of any firm and has no price; any output of it is wasted"
        case .welfareGoodDeclared:
            return "good name '\(Scenario.welfareGoodName)' is reserved in a scenario with households: it is their numeraire, the unit their utility and every price are counted in (price 1); rename this good"
        case .welfareInUtility:
            return "utility names '\(Scenario.welfareGoodName)', the unit it is counted in; a household's utility is over goods and parameters only"
        case .noFixedPriceGood:
            return "no good has a fixed price; give at least one good (the numeraire) a \"price\" to set the unit of prices"
        case let .invalidEventPath(path, problem): return ParameterPathError(path: path, problem: problem).message
        case let .unknownMechanism(name, known, suggestion):
            return "unknown market mechanism '\(name)'" + didYouMean(suggestion) + " (known: \(known.joined(separator: ", ")))"
        }
    }

    /// Why `name` cannot name something in `role`, and what to write instead.
    private static func invalidNameMessage(_ role: Scenario.NameRole, _ name: String, _ fault: Scenario.NameFault) -> String {
        let why: String
        switch fault {
        case .empty: return "\(role.rawValue) name is empty"
        case .startsWithDigit: why = "it starts with a digit"
        case let .character(c):
            let control = c.unicodeScalars.contains { $0.properties.generalCategory == .control }
            let shown = c == " " ? "a space"
                : control ? "U+\(String(c.unicodeScalars.first?.value ?? 0, radix: 16, uppercase: true)) (a control character)"
                : c.isASCII ? "'\(c)'" : "'\(c)' (not ASCII)"
            why = "it contains \(shown)"
        }
        if role == .firm {
            return "firm name '\(name)' cannot be written in an event path: \(why); firm names may hold any text but '.' and control characters"
        }
        return "\(role.rawValue) name '\(name)' is not an identifier: \(why); expressions name \(role.rawValue)s bare, so use ASCII letters, digits and '_', not starting with a digit (e.g. '\(Scenario.identifierSuggestion(for: name))')"
    }

    /// `a`, `a and b`, `a, b and c`.
    private static func list(_ names: [String]) -> String {
        names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "") : names.joined()
    }

    /// A cycle (or block of cycles) of products of powers spending at least what it earns on itself.
    private static func selfAmplifyingMessage(_ goods: [String], gain: Double, isOneCycle: Bool) -> String {
        let gainText = NumberText.significant(gain, digits: 3)
        let consequence = "so at any prices it spends at least what it earns on its own goods, and there is no steady state with positive net output"
        if isOneCycle {
            return "the cycle \((goods + goods.prefix(1)).joined(separator: " -> ")) cannot sustain itself: the exponents of its technologies in the goods on it multiply to \(gainText), at least 1, \(consequence)"
        }
        return "the cycle of \(list(goods)) cannot sustain itself: the least exponents of its technologies in one another's goods have spectral radius \(gainText), at least 1, \(consequence)"
    }

    /// Which size limit a scenario passes, and where.
    private static func tooLargeMessage(_ measure: Scenario.SizeMeasure, _ limit: Int) -> String {
        let most = "the most a scenario may hold"
        switch measure {
        case .count: return "count asks for more than \(Self.grouped(limit)) firms, \(most)"
        case .totalFirms: return "the counts up to this firm add up to more than \(Self.grouped(limit)) firms, \(most)"
        case .totalSlots:
            return "the firms' inputs and parameters, times their counts, add up to more than \(Self.grouped(limit)) slots at this firm, \(most)"
        }
    }

    /// `10000000` as `10,000,000`.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var text = value < 0 ? "-" : ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    private static func text(_ expectation: Expectation) -> String {
        switch expectation {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .finiteNumber: return "a finite number"
        case .nonNegativeNumber: return "a number ≥ 0"
        case .positiveNumber: return "a number > 0"
        case let .wholeNumber(least): return "a whole number ≥ \(least)"
        }
    }

    private static func text(_ found: FoundValue) -> String {
        switch found {
        case .null: return "null"
        case let .bool(value): return "\(value)"
        case let .number(text): return text
        case let .string(text): return "'\(text.count > 40 ? text.prefix(40) + "…" : text)' (a string)"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    private static func message(for kind: JSONSyntaxError.Kind) -> String {
        func found(_ text: String?) -> String {
            guard let text else { return "end of file" }
            return text == "'" ? "\"'\"" : "'\(text)'"
        }
        switch kind {
        case let .unexpected(text, expected):
            let what: String
            switch expected {
            case .value: what = "a JSON value"
            case .objectKey: what = "a string key"
            case .colon: what = "':' after object key"
            case .commaOrObjectEnd: what = "',' or '}' after object member"
            case .commaOrArrayEnd: what = "',' or ']' after array element"
            }
            return "expected \(what), found \(found(text))"
        case let .trailingComma(before): return "trailing ',' before '\(before)' is not allowed in JSON"
        case let .invalidNumber(text): return "invalid number '\(text)'"
        case let .numberOutOfRange(text): return "number '\(text)' is too large for a 64-bit float"
        case .unterminatedString: return "string is never closed (missing '\"')"
        case let .invalidEscape(text): return "invalid escape '\(text)' in string"
        case let .loneSurrogate(text): return "escape '\(text)' is half of a UTF-16 surrogate pair without the other half"
        case let .controlCharacterInString(byte):
            if byte == 0x0A { return "line break inside a string (missing closing '\"'? use \\n for a newline)" }
            return "control character U+\(String(byte, radix: 16, uppercase: true).leftPadded(to: 4)) inside a string must be escaped"
        case let .invalidUTF8(byte): return "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)))"
        case let .duplicateKey(key, first): return "duplicate key '\(key)' (first at line \(first.line), column \(first.column))"
        case let .tooDeep(limit): return "arrays and objects nest more than \(limit) levels deep"
        case let .trailingContent(text): return "unexpected '\(text)' after the JSON value"
        case let .tooLarge(bytes): return "file of \(bytes) bytes is too large (limit 4 GiB)"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
