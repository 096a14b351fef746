package discordtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Spec validates request bodies against Discord's OpenAPI description.
type Spec struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	paths    []string

	mu      sync.Mutex
	schemas map[string]*jsonschema.Schema
}

// specURL names the spec document inside the schema compiler.
const specURL = "file:///discord/openapi.json"

// LoadSpec reads an OpenAPI 3.1 document. It returns an error when the file
// is unreadable or is not JSON.
func LoadSpec(path string) (*Spec, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("parse %s: not an OpenAPI object", path)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(specURL, doc); err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	paths, _ := m["paths"].(map[string]any)
	s := &Spec{doc: m, compiler: c, schemas: map[string]*jsonschema.Schema{}}
	for p := range paths {
		s.paths = append(s.paths, p)
	}
	sort.Strings(s.paths)
	return s, nil
}

// ErrNoOperation means the spec has no operation for a method and path.
var ErrNoOperation = errors.New("no such operation in the spec")

// Operation finds the spec path template that matches method and path
// ("/interactions/1/tok/callback"), preferring the template with the most
// literal segments, as a router would.
func (s *Spec) Operation(method, path string) (template string, err error) {
	method = strings.ToLower(method)
	segs := strings.Split(strings.Trim(path, "/"), "/")
	best, bestLiterals := "", -1
	for _, tpl := range s.paths {
		tsegs := strings.Split(strings.Trim(tpl, "/"), "/")
		if len(tsegs) != len(segs) {
			continue
		}
		literals, ok := 0, true
		for i, t := range tsegs {
			if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
				continue
			}
			if t != segs[i] {
				ok = false
				break
			}
			literals++
		}
		if !ok {
			continue
		}
		ops, _ := s.doc["paths"].(map[string]any)[tpl].(map[string]any)
		if _, has := ops[method]; !has {
			continue
		}
		if literals > bestLiterals {
			best, bestLiterals = tpl, literals
		}
	}
	if best == "" {
		return "", fmt.Errorf("%s %s: %w", strings.ToUpper(method), path, ErrNoOperation)
	}
	return best, nil
}

// Validate checks a JSON request body against the request-body schema of
// the operation for method and path. It returns nil when the operation
// takes no JSON body schema.
func (s *Spec) Validate(method, path string, body []byte) error {
	tpl, err := s.Operation(method, path)
	if err != nil {
		return err
	}
	sch, err := s.schema(strings.ToLower(method), tpl)
	if err != nil || sch == nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s %s: body is not JSON: %w", method, tpl, err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("%s %s: %w", method, tpl, err)
	}
	return nil
}

func (s *Spec) schema(method, tpl string) (*jsonschema.Schema, error) {
	key := method + " " + tpl
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.schemas[key]; ok {
		return sch, nil
	}
	op := s.doc["paths"].(map[string]any)[tpl].(map[string]any)[method].(map[string]any)
	rb, _ := op["requestBody"].(map[string]any)
	content, _ := rb["content"].(map[string]any)
	if _, ok := content["application/json"]; !ok {
		s.schemas[key] = nil
		return nil, nil
	}
	ptr := "#/paths/" + escapePointer(tpl) + "/" + method + "/requestBody/content/application~1json/schema"
	sch, err := s.compiler.Compile(specURL + ptr)
	if err != nil {
		return nil, fmt.Errorf("compile schema of %s: %w", key, err)
	}
	s.schemas[key] = sch
	return sch, nil
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
