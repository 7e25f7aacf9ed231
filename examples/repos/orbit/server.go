// Package orbit implements the HTTP API of the orbit satellite catalog.
//
// Routes (all responses are JSON):
//
//	GET /healthz                  liveness probe
//	GET /v1/satellites            list, with ?class= &status= &operator= &tag= &q= &limit= &offset=
//	GET /v1/satellites/{id}       one satellite
//	GET /v1/stats                 counts per orbit class and status
package orbit

import (
	"log/slog"
	"net/http"
	"time"

	"example.org/orbit/internal/catalog"
)

// Config tunes the server. The zero value is usable.
type Config struct {
	// MaxLimit caps ?limit= on list endpoints. Default 100.
	MaxLimit int
	// Logger receives one line per request. Default slog.Default().
	Logger *slog.Logger
	// Now is the clock, replaceable in tests.
	Now func() time.Time
}

// Server serves one catalog.
type Server struct {
	cat     *catalog.Catalog
	cfg     Config
	mux     *http.ServeMux
	handler http.Handler
	started time.Time
}

// NewServer wires the routes and middleware around cat.
func NewServer(cat *catalog.Catalog, cfg Config) *Server {
	if cfg.MaxLimit <= 0 {
		cfg.MaxLimit = 100
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cat: cat, cfg: cfg, mux: http.NewServeMux(), started: cfg.Now()}

	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /v1/satellites", s.handleList)
	s.mux.HandleFunc("GET /v1/satellites/{id}", s.handleGet)
	s.mux.HandleFunc("GET /v1/stats", s.handleStats)
	s.mux.HandleFunc("/", s.handleNotFound)

	s.handler = chain(s.mux,
		recoverPanics(cfg.Logger),
		requestID(),
		accessLog(cfg.Logger, cfg.Now),
		securityHeaders(),
	)
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// HTTPServer returns an *http.Server with conservative timeouts.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}
