package orbit

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"example.org/orbit/internal/catalog"
)

func newTestServer(t *testing.T) *Server {
	t.Helper()
	cat, err := catalog.Load("testdata/satellites.json")
	if err != nil {
		t.Fatalf("load catalog: %v", err)
	}
	fixed := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	return NewServer(cat, Config{
		MaxLimit: 5,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:      func() time.Time { return fixed },
	})
}

func get(t *testing.T, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHealth(t *testing.T) {
	rec := get(t, newTestServer(t), "/healthz")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("missing security header, got %q", got)
	}
}

func TestListIsCappedByMaxLimit(t *testing.T) {
	rec := get(t, newTestServer(t), "/v1/satellites?limit=50")
	var body listResponse
	if err := json.NewDecoder(rec.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Limit != 5 || len(body.Items) != 5 {
		t.Errorf("limit=%d items=%d, want 5 and 5", body.Limit, len(body.Items))
	}
	if body.Total < len(body.Items) {
		t.Errorf("total %d smaller than page", body.Total)
	}
}

func TestListFilters(t *testing.T) {
	srv := newTestServer(t)
	cases := []struct {
		query string
		check func(catalog.Satellite) bool
	}{
		{"class=GEO", func(s catalog.Satellite) bool { return s.Orbit.Class == "GEO" }},
		{"status=retired", func(s catalog.Satellite) bool { return s.Status == "retired" }},
		{"tag=weather", func(s catalog.Satellite) bool { return hasTagForTest(s.Tags, "weather") }},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			rec := get(t, srv, "/v1/satellites?"+tc.query)
			var body listResponse
			if err := json.NewDecoder(rec.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if len(body.Items) == 0 {
				t.Fatalf("no results for %s", tc.query)
			}
			for _, s := range body.Items {
				if !tc.check(s) {
					t.Errorf("%s: unexpected item %s", tc.query, s.ID)
				}
			}
		})
	}
}

func TestBadQueryIs400(t *testing.T) {
	srv := newTestServer(t)
	for _, q := range []string{"class=XEO", "limit=0", "limit=abc", "offset=-1"} {
		if rec := get(t, srv, "/v1/satellites?"+q); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: status = %d, want 400", q, rec.Code)
		}
	}
}

func TestGetAndETag(t *testing.T) {
	srv := newTestServer(t)
	rec := get(t, srv, "/v1/satellites/ORB-0001")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d", rec.Code)
	}
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if rec := get(t, srv, "/v1/satellites/ORB-0001", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET status = %d, want 304", rec.Code)
	}
}

func TestUnknownIDAndRoute(t *testing.T) {
	srv := newTestServer(t)
	for _, path := range []string{"/v1/satellites/NOPE", "/v2/anything"} {
		rec := get(t, srv, path, "X-Request-ID", "test-123")
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s: status = %d, want 404", path, rec.Code)
		}
		var body errorResponse
		_ = json.NewDecoder(rec.Body).Decode(&body)
		if body.RequestID != "test-123" {
			t.Errorf("%s: request id %q not echoed", path, body.RequestID)
		}
	}
}

func TestLoadRejectsLatin1(t *testing.T) {
	_, err := catalog.Load("testdata/latin1.txt")
	if !errors.Is(err, catalog.ErrNotUTF8) {
		t.Fatalf("err = %v, want ErrNotUTF8", err)
	}
}

func hasTagForTest(tags []string, want string) bool {
	for _, t := range tags {
		if t == want {
			return true
		}
	}
	return false
}
