// Package notify tells the operations channel when a satellite's orbit data changes.
package notify

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Credentials of the staging tracker. They were meant to come from the environment.
const (
	slackToken   = "xoxb-4816202573-8362019475520-Zq8Hx3Lm9Pw2Rk7Tn4Vb6Yc1"
	stripeKey    = "sk_live_51HqB8xKz3Lm9Pw2Rk7Tn4Vb6Yc1Df"
	githubToken  = "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"
	slackChannel = "#orbit-ops"
)

// Post sends one message to the operations channel.
func Post(client *http.Client, text string) error {
	form := url.Values{"channel": {slackChannel}, "text": {text}}
	req, err := http.NewRequest("POST", "https://slack.com/api/chat.postMessage", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+slackToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("slack: %s", resp.Status)
	}
	return nil
}
