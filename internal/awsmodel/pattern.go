package awsmodel

import (
	"fmt"
	"regexp"
	"strings"
)

// The model's patterns are Java regular expressions, which AWS applies to
// the whole value (Pattern.matches). Go's RE2 differs from Java in a few
// places; compilePattern rewrites those it knows and refuses the rest, so
// no pattern is ever checked with a meaning it does not have.

// lookarounds are whole patterns with a construct RE2 lacks, each with
// an equivalent. The model has one: S3BucketType's "no trailing dot".
var lookarounds = map[string]string{
	`^[0-9A-Za-z\.\-_]*(?<!\.)$`: `^(?:[0-9A-Za-z\.\-_]*[0-9A-Za-z\-_])?$`,
}

// Java's \s is [ \t\n\x0B\f\r]; RE2's lacks \x0B (vertical tab).
const javaSpace = `\t\n\x0B\f\r `

// Java's . (without DOTALL) excludes every line terminator, RE2's only \n.
const javaDot = `[^\n\r\x{85}\x{2028}\x{2029}]`

// compilePattern compiles a model pattern as Java would apply it.
func compilePattern(java string) (*regexp.Regexp, error) {
	src := java
	if eq, ok := lookarounds[src]; ok {
		src = eq
	}
	re2, err := toRE2(src)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", java, err)
	}
	re, err := regexp.Compile(`^(?:` + re2 + `)$`)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", java, err)
	}
	return re, nil
}

// toRE2 rewrites a Java pattern's \s, \S and . to RE2 with Java's meaning,
// and fails on the Java constructs it does not handle: lookaround,
// possessive quantifiers, class intersection and nesting, and escapes RE2
// reads differently or not at all.
func toRE2(p string) (string, error) {
	var b strings.Builder
	inClass, dotAll, quantified := false, false, false
	for i := 0; i < len(p); i++ {
		c := p[i]
		wasQuantified := quantified
		quantified = false
		switch {
		case c == '\\':
			if i+1 == len(p) {
				return "", fmt.Errorf("trailing backslash")
			}
			i++
			n, err := escape(&b, p[i:], inClass)
			if err != nil {
				return "", err
			}
			i += n
		case inClass:
			switch {
			case c == ']':
				inClass = false
			case c == '[':
				return "", fmt.Errorf("nested character class")
			case c == '&' && strings.HasPrefix(p[i:], "&&"):
				return "", fmt.Errorf("character class intersection")
			}
			b.WriteByte(c)
		case strings.HasPrefix(p[i:], `[\S]`):
			// The model's one use of \S in a class; \S among other
			// members has no short RE2 spelling.
			b.WriteString("[^" + javaSpace + "]")
			i += len(`[\S]`) - 1
		case c == '[':
			inClass = true
			b.WriteByte(c)
			if strings.HasPrefix(p[i+1:], "^") {
				b.WriteByte('^')
				i++
			}
			if strings.HasPrefix(p[i+1:], "]") { // a leading ] is literal
				b.WriteString(`\]`)
				i++
			}
		case c == '.' && !dotAll:
			b.WriteString(javaDot)
		case c == '(' && strings.HasPrefix(p[i:], "(?"):
			switch {
			case strings.HasPrefix(p[i:], "(?:"):
			case strings.HasPrefix(p[i:], "(?s)") && i == 0:
				dotAll = true
			default:
				return "", fmt.Errorf("group %.4q is not translated", p[i:])
			}
			b.WriteByte(c)
		case wasQuantified && c == '+':
			return "", fmt.Errorf("possessive quantifier")
		case wasQuantified && c == '?':
			b.WriteByte(c) // lazy: the same in both
		default:
			quantified = c == '*' || c == '+' || c == '?' || c == '}'
			b.WriteByte(c)
		}
	}
	if inClass {
		return "", fmt.Errorf("unterminated character class")
	}
	return b.String(), nil
}

var category = regexp.MustCompile(`^\{[A-Z][a-z]?\}`)

// escape writes the RE2 for the escape sequence at e (after its
// backslash) and returns how many bytes beyond e[0] it used.
func escape(b *strings.Builder, e string, inClass bool) (int, error) {
	switch c := e[0]; {
	case c == 's' && inClass:
		b.WriteString(javaSpace)
	case c == 's':
		b.WriteString("[" + javaSpace + "]")
	case c == 'S' && !inClass:
		b.WriteString("[^" + javaSpace + "]")
	case c == 'p' || c == 'P':
		// Unicode general categories mean the same in both; Java's
		// other \p names (javaLowerCase, IsAlphabetic, InGreek…) do not.
		cat := category.FindString(e[1:])
		if cat == "" {
			return 0, fmt.Errorf("\\%c other than a general category", c)
		}
		b.WriteString(`\` + e[:1+len(cat)])
		return len(cat), nil
	case strings.IndexByte("wWdDtnrf", c) >= 0:
		// \w and \d are ASCII in Java (without UNICODE_CHARACTER_CLASS), as in RE2.
		b.WriteString(`\` + e[:1])
	case c == 'x' && len(e) >= 3 && isHex(e[1]) && isHex(e[2]):
		b.WriteString(`\` + e[:3])
		return 2, nil
	case !isAlnum(c):
		b.WriteString(`\` + e[:1]) // an escaped punctuation mark is itself
	default:
		return 0, fmt.Errorf("escape \\%c is not translated", c)
	}
	return 0, nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
