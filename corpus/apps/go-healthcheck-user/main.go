// notes: a small HTTP service (standard library only) that serves a word
// count of posted text and a greeting, with a health endpoint.
//
//	notes            serve on $ADDR (default :8080)
//	notes -check     exit 0 if the server on $ADDR answers /healthz
//	notes -smoke     start the server, request two paths, print, stop
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

var served atomic.Int64

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "world"
		}
		served.Add(1)
		writeJSON(w, map[string]any{"greeting": "hello, " + name, "served": served.Load()})
	})
	mux.HandleFunc("/count", func(w http.ResponseWriter, r *http.Request) {
		text := r.URL.Query().Get("text")
		if r.Method == http.MethodPost {
			body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			text = string(body)
		}
		served.Add(1)
		writeJSON(w, map[string]any{
			"words":  len(strings.Fields(text)),
			"lines":  strings.Count(text, "\n"),
			"bytes":  len(text),
			"served": served.Load(),
		})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v) // map keys are sorted: stable output
}

func local(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

func get(client *http.Client, url string) (string, error) {
	resp, err := client.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d %s", resp.StatusCode, body), nil
}

func check(addr string) int {
	client := &http.Client{Timeout: 2 * time.Second}
	out, err := get(client, "http://"+local(addr)+"/healthz")
	if err != nil || !strings.HasPrefix(out, "200 ") {
		fmt.Fprintln(os.Stderr, "unhealthy:", err, out)
		return 1
	}
	return 0
}

func smoke(addr string) int {
	srv := &http.Server{Addr: addr, Handler: routes()}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Shutdown(context.Background())

	for i := 0; check(addr) != 0; i++ {
		if i == 50 {
			return 1
		}
		time.Sleep(100 * time.Millisecond)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	base := "http://" + local(addr)
	for _, path := range []string{"/hello?name=smoke", "/count?text=one+two+three"} {
		out, err := get(client, base+path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("GET %s -> %s", path, out)
	}
	return 0
}

func main() {
	doCheck := flag.Bool("check", false, "health-check the running server and exit")
	doSmoke := flag.Bool("smoke", false, "start, request two paths, print the responses, stop")
	flag.Parse()
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":8080"
	}
	switch {
	case *doCheck:
		os.Exit(check(addr))
	case *doSmoke:
		os.Exit(smoke(addr))
	}
	log.Printf("notes listening on %s", addr)
	srv := &http.Server{Addr: addr, Handler: routes(), ReadHeaderTimeout: 5 * time.Second}
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
