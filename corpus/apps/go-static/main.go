// wordfreq counts the words of text files (or of its arguments) and prints
// the most frequent ones, ties broken alphabetically.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"
)

func count(r io.Reader, counts map[string]int) error {
	sc := bufio.NewScanner(r)
	sc.Split(bufio.ScanWords)
	for sc.Scan() {
		w := strings.ToLower(strings.TrimFunc(sc.Text(), func(c rune) bool {
			return !unicode.IsLetter(c) && !unicode.IsDigit(c)
		}))
		if w != "" {
			counts[w]++
		}
	}
	return sc.Err()
}

func main() {
	top := flag.Int("top", 5, "how many words to print")
	text := flag.String("text", "", "count this text instead of files")
	flag.Parse()

	counts := map[string]int{}
	if *text != "" {
		_ = count(strings.NewReader(*text), counts)
	}
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "wordfreq:", err)
			os.Exit(1)
		}
		err = count(f, counts)
		f.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, "wordfreq:", err)
			os.Exit(1)
		}
	}

	words := make([]string, 0, len(counts))
	total := 0
	for w, n := range counts {
		words = append(words, w)
		total += n
	}
	sort.Slice(words, func(i, j int) bool {
		if counts[words[i]] != counts[words[j]] {
			return counts[words[i]] > counts[words[j]]
		}
		return words[i] < words[j]
	})
	if *top < len(words) {
		words = words[:*top]
	}
	fmt.Printf("%d words, %d distinct\n", total, len(counts))
	for _, w := range words {
		fmt.Printf("%5d %s\n", counts[w], w)
	}
}
