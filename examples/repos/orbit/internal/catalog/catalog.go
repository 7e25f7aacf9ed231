// Package catalog holds the in-memory satellite catalog served by orbitd.
//
// The catalog is loaded once from a JSON file and never mutated afterwards,
// so it can be shared between request goroutines without locking.
package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Orbit classes, by altitude and eccentricity.
const (
	ClassLEO = "LEO" // low Earth orbit, below ~2000 km
	ClassMEO = "MEO" // medium Earth orbit
	ClassGEO = "GEO" // geosynchronous, ~35786 km, near-circular
	ClassHEO = "HEO" // highly elliptical
)

// Orbit describes the shape of an orbit. Distances are altitudes above the
// surface, not radii.
type Orbit struct {
	Class          string  `json:"class"`
	PerigeeKm      float64 `json:"perigee_km"`
	ApogeeKm       float64 `json:"apogee_km"`
	InclinationDeg float64 `json:"inclination_deg"`
	PeriodMin      float64 `json:"period_min"`
}

// Satellite is one catalog entry.
type Satellite struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Operator string   `json:"operator"`
	Launched string   `json:"launched"` // YYYY-MM-DD
	Status   string   `json:"status"`   // active, standby, retired
	MassKg   float64  `json:"mass_kg"`
	Orbit    Orbit    `json:"orbit"`
	Tags     []string `json:"tags"`
}

// LaunchDate parses Launched; the zero time means "unknown".
func (s Satellite) LaunchDate() time.Time {
	t, err := time.Parse("2006-01-02", s.Launched)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Catalog is an immutable, ID-indexed set of satellites.
type Catalog struct {
	all  []Satellite
	byID map[string]int
}

// ErrNotUTF8 is returned when a catalog file is not valid UTF-8, which
// usually means someone exported it from a legacy tool in Latin-1.
var ErrNotUTF8 = errors.New("catalog: file is not valid UTF-8")

// Load reads a JSON array of satellites from path.
func Load(path string) (*Catalog, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return Parse(data)
}

// Parse builds a catalog from JSON bytes.
func Parse(data []byte) (*Catalog, error) {
	// encoding/json silently replaces invalid bytes with U+FFFD; we would
	// rather fail loudly than serve mangled operator names.
	if !utf8.Valid(data) {
		return nil, ErrNotUTF8
	}
	var sats []Satellite
	if err := json.Unmarshal(data, &sats); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	c := &Catalog{all: sats, byID: make(map[string]int, len(sats))}
	for i, s := range sats {
		if s.ID == "" {
			return nil, fmt.Errorf("catalog: entry %d has no id", i)
		}
		if _, dup := c.byID[s.ID]; dup {
			return nil, fmt.Errorf("catalog: duplicate id %q", s.ID)
		}
		c.byID[s.ID] = i
	}
	sort.SliceStable(c.all, func(i, j int) bool { return c.all[i].ID < c.all[j].ID })
	for i, s := range c.all {
		c.byID[s.ID] = i
	}
	return c, nil
}

// Len returns the number of satellites.
func (c *Catalog) Len() int { return len(c.all) }

// Get returns the satellite with the given ID.
func (c *Catalog) Get(id string) (Satellite, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Satellite{}, false
	}
	return c.all[i], true
}

// Query filters the catalog. Zero values mean "no filter".
type Query struct {
	Class    string
	Status   string
	Operator string
	Tag      string
	Search   string // case-insensitive substring of the name
	Limit    int
	Offset   int
}

// Find returns the matching satellites in ID order, and the total number of
// matches before Limit/Offset were applied.
func (c *Catalog) Find(q Query) ([]Satellite, int) {
	var out []Satellite
	needle := strings.ToLower(q.Search)
	for _, s := range c.all {
		if q.Class != "" && !strings.EqualFold(s.Orbit.Class, q.Class) {
			continue
		}
		if q.Status != "" && !strings.EqualFold(s.Status, q.Status) {
			continue
		}
		if q.Operator != "" && !strings.EqualFold(s.Operator, q.Operator) {
			continue
		}
		if q.Tag != "" && !slices.ContainsFunc(s.Tags, func(t string) bool { return strings.EqualFold(t, q.Tag) }) {
			continue
		}
		if needle != "" && !strings.Contains(strings.ToLower(s.Name), needle) {
			continue
		}
		out = append(out, s)
	}
	total := len(out)
	if q.Offset >= len(out) {
		return nil, total
	}
	out = out[q.Offset:]
	if q.Limit > 0 && q.Limit < len(out) {
		out = out[:q.Limit]
	}
	return out, total
}

// Stats aggregates the catalog per orbit class.
type Stats struct {
	Total        int            `json:"total"`
	ByClass      map[string]int `json:"by_class"`
	ByStatus     map[string]int `json:"by_status"`
	MeanPeriod   float64        `json:"mean_period_min"`
	HeaviestID   string         `json:"heaviest_id"`
	OldestLaunch string         `json:"oldest_launch"`
}

// Summarize computes Stats over the whole catalog.
func (c *Catalog) Summarize() Stats {
	st := Stats{Total: len(c.all), ByClass: map[string]int{}, ByStatus: map[string]int{}}
	var sumPeriod, heaviest float64
	oldest := time.Time{}
	for _, s := range c.all {
		st.ByClass[s.Orbit.Class]++
		st.ByStatus[s.Status]++
		sumPeriod += s.Orbit.PeriodMin
		if s.MassKg > heaviest {
			heaviest, st.HeaviestID = s.MassKg, s.ID
		}
		if d := s.LaunchDate(); !d.IsZero() && (oldest.IsZero() || d.Before(oldest)) {
			oldest = d
			st.OldestLaunch = s.Launched
		}
	}
	if len(c.all) > 0 {
		st.MeanPeriod = math.Round(sumPeriod/float64(len(c.all))*100) / 100
	}
	return st
}
