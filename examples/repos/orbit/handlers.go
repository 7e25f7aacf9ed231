package orbit

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"example.org/orbit/internal/catalog"
)

type listResponse struct {
	Items  []catalog.Satellite `json:"items"`
	Total  int                 `json:"total"`
	Limit  int                 `json:"limit"`
	Offset int                 `json:"offset"`
}

type errorResponse struct {
	Error     string `json:"error"`
	RequestID string `json:"request_id,omitempty"`
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"status":     "ok",
		"satellites": s.cat.Len(),
		"uptime_s":   int(s.cfg.Now().Sub(s.started) / time.Second),
	})
}

func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	q, err := s.parseQuery(r.URL.Query())
	if err != nil {
		s.writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	items, total := s.cat.Find(q)
	if items == nil {
		items = []catalog.Satellite{} // encode as [] rather than null
	}
	writeJSON(w, http.StatusOK, listResponse{Items: items, Total: total, Limit: q.Limit, Offset: q.Offset})
}

func (s *Server) handleGet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	sat, ok := s.cat.Get(id)
	if !ok {
		s.writeError(w, r, http.StatusNotFound, fmt.Sprintf("no satellite with id %q", id))
		return
	}
	etag := fmt.Sprintf("%q", sat.ID+"-"+sat.Status)
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, sat)
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.cat.Summarize())
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, http.StatusNotFound, "no such route: "+r.URL.Path)
}

var errBadClass = errors.New("class must be one of LEO, MEO, GEO, HEO")

func (s *Server) parseQuery(v url.Values) (catalog.Query, error) {
	q := catalog.Query{
		Class:    v.Get("class"),
		Status:   v.Get("status"),
		Operator: v.Get("operator"),
		Tag:      v.Get("tag"),
		Search:   v.Get("q"),
		Limit:    s.cfg.MaxLimit,
	}
	switch q.Class {
	case "", catalog.ClassLEO, catalog.ClassMEO, catalog.ClassGEO, catalog.ClassHEO:
	default:
		return q, errBadClass
	}
	if raw := v.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return q, fmt.Errorf("limit must be a positive integer, got %q", raw)
		}
		q.Limit = min(n, s.cfg.MaxLimit)
	}
	if raw := v.Get("offset"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return q, fmt.Errorf("offset must be a non-negative integer, got %q", raw)
		}
		q.Offset = n
	}
	return q, nil
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	writeJSON(w, status, errorResponse{Error: msg, RequestID: RequestIDFrom(r.Context())})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(body) // the client is gone if this fails; nothing useful to do
}
