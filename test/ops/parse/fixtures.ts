/**
 * Real source files, one per language, with the counts `parse_code` must find in them.
 * Counted by hand; each `why` says what the numbers are made of.
 */

export interface Fixture {
  file: string;
  /** Language id in detect_language's scheme. */
  lang: string;
  text: string;
  functions: number;
  classes: number;
  imports: number;
  /** What the counts are made of. */
  why?: string;
}

export const FIXTURES: Fixture[] = [
  {
    file: "a.py",
    why: "functions: __init__, keys (decorated), get, load, nested _read, async watch; classes: ConfigError, Config; imports: import os / import sys, json / from pathlib / from typing (multi-line)",
    lang: "python",
    functions: 6,
    classes: 2,
    imports: 4,
    text: `"""Utilities for reading configuration files."""
import os
import sys, json
from pathlib import Path
from typing import (
    Any,
    Dict,
)


# Default location of the config file.
DEFAULT = Path.home() / ".apprc"


class ConfigError(Exception):
    """Raised when a config file cannot be parsed."""


class Config:
    """A parsed configuration.

    Keys are case-insensitive.
    """

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = {k.lower(): v for k, v in data.items()}

    @property
    def keys(self):
        return list(self._data)

    def get(self, key, default=None):
        """Return the value for key, or default."""
        # lower-case lookups
        return self._data.get(key.lower(), default)


def load(path=DEFAULT):
    """Load a config file from path."""
    def _read(p):
        with open(p) as f:
            return f.read()

    try:
        return Config(json.loads(_read(path)))
    except ValueError as e:
        raise ConfigError(str(e)) from e


async def watch(path):
    while True:
        yield load(path)
`,
  },
  {
    file: "b.js",
    why: "functions: readJson, constructor, start, class field stop = () =>, const join = () =>, const noop = function; the .map callback is anonymous; classes: Watcher; imports: 2 require() + 2 import",
    lang: "javascript",
    functions: 6,
    classes: 1,
    imports: 4,
    text: `'use strict';
const fs = require('fs');
const path = require("path");
import { EventEmitter } from "events";
import * as util from "util";

/**
 * Read a JSON file synchronously.
 * @param {string} file
 * @returns {object}
 */
function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// A watcher that emits "change" events.
class Watcher extends EventEmitter {
  constructor(dir) {
    super();
    this.dir = dir;
  }

  /** Start watching. */
  start() {
    fs.watch(this.dir, () => this.emit('change'));
  }

  stop = () => {
    this.closed = true;
  };
}

const join = (a, b) => path.join(a, b);
const noop = function () {};

module.exports = { readJson, Watcher, join, noop };
[1, 2, 3].map((x) => x * 2);
`,
  },
  {
    file: "c.ts",
    why: "functions: name, load, loadAll, const isStats = () =>; abstract name() has no body; classes: interface LoadOptions, enum Mode, abstract Base, FileLoader (a type alias is not one)",
    lang: "typescript",
    functions: 4,
    classes: 4,
    imports: 2,
    text: `import { readFile } from "node:fs/promises";
import type { Stats } from "node:fs";

/** Options for {@link loadAll}. */
export interface LoadOptions {
  encoding?: BufferEncoding;
}

export type Loader = (path: string) => Promise<string>;

export enum Mode {
  Fast,
  Safe,
}

export abstract class Base {
  abstract name(): string;
}

export class FileLoader extends Base {
  private cache = new Map<string, string>();

  name(): string {
    return "file";
  }

  async load(path: string): Promise<string> {
    const hit = this.cache.get(path);
    if (hit !== undefined) return hit;
    const text = await readFile(path, "utf8");
    this.cache.set(path, text);
    return text;
  }
}

/**
 * Load every path in parallel.
 */
export async function loadAll(paths: string[], opts: LoadOptions = {}): Promise<string[]> {
  const loader = new FileLoader();
  return Promise.all(paths.map((p) => loader.load(p)));
}

export const isStats = (x: unknown): x is Stats => typeof x === "object" && x !== null;
`,
  },
  {
    file: "d.tsx",
    why: "functions: CounterButton, const handle = () =>, render; classes: interface Props, Panel; imports: 2",
    lang: "tsx",
    functions: 3,
    classes: 2,
    imports: 2,
    text: `import React, { useState } from "react";
import "./button.css";

interface Props {
  label: string;
  onClick?: () => void;
}

/** A button that counts its clicks. */
export function CounterButton({ label, onClick }: Props) {
  const [n, setN] = useState(0);
  const handle = () => {
    setN(n + 1);
    onClick?.();
  };
  return (
    <button type="button" onClick={handle}>
      {label} ({n})
    </button>
  );
}

export default class Panel extends React.Component<{ title: string }> {
  render() {
    return <section><h2>{this.props.title}</h2>{this.props.children}</section>;
  }
}
`,
  },
  {
    file: "E.java",
    why: "functions: constructor, add, size (interface method onAdd has no body); classes: ItemStore, Listener, State, Pair; imports: 3 incl. static",
    lang: "java",
    functions: 3,
    classes: 4,
    imports: 3,
    text: `package com.example.store;

import java.util.ArrayList;
import java.util.List;
import static java.util.Objects.requireNonNull;

/**
 * An in-memory store of items.
 */
public class ItemStore<T> {
    // Backing list.
    private final List<T> items = new ArrayList<>();

    public ItemStore() {
    }

    /** Adds an item. */
    public void add(T item) {
        items.add(requireNonNull(item));
    }

    public int size() {
        return items.size();
    }

    public interface Listener {
        void onAdd(Object item);
    }

    enum State { OPEN, CLOSED }

    record Pair(String key, int value) {}
}
`,
  },
  {
    file: "f.go",
    why: "functions: New, Get, Set; classes: struct Store, interface Getter (type ID int is not); imports: 3 import specs in 2 declarations",
    lang: "go",
    functions: 3,
    classes: 2,
    imports: 3,
    text: `// Package kv implements a tiny key-value store.
package kv

import (
	"errors"
	"sync"
)

import "fmt"

// ErrNotFound is returned when a key is missing.
var ErrNotFound = errors.New("not found")

// Store is a concurrency-safe map.
type Store struct {
	mu   sync.RWMutex
	data map[string]string
}

// Getter reads values.
type Getter interface {
	Get(key string) (string, error)
}

type ID int

// New returns an empty store.
func New() *Store {
	return &Store{data: make(map[string]string)}
}

// Get returns the value of key.
func (s *Store) Get(key string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.data[key]
	if !ok {
		return "", fmt.Errorf("get %q: %w", key, ErrNotFound)
	}
	return v, nil
}

// TODO: evict old keys.

func (s *Store) Set(key, value string) {
	// update under the write lock
	s.mu.Lock()
	s.data[key] = value
	s.mu.Unlock()
}
`,
  },
  {
    file: "g.rs",
    why: "functions: new, push, fmt, main (the trait's fn len has no body); classes: enum StackError, struct Stack, trait Sized2 (impl blocks are not); imports: 2 use + extern crate",
    lang: "rust",
    functions: 4,
    classes: 3,
    imports: 3,
    text: `//! A bounded stack.

use std::fmt;
use std::collections::{HashMap, VecDeque};
extern crate alloc;

/// Errors returned by [\`Stack\`].
#[derive(Debug)]
pub enum StackError {
    Full,
    Empty,
}

/// A stack with a fixed capacity.
pub struct Stack<T> {
    items: Vec<T>,
    cap: usize,
}

pub trait Sized2 {
    fn len(&self) -> usize;
}

impl<T> Stack<T> {
    /// Creates an empty stack.
    pub fn new(cap: usize) -> Self {
        Stack { items: Vec::with_capacity(cap), cap }
    }

    pub fn push(&mut self, x: T) -> Result<(), StackError> {
        // refuse when full
        if self.items.len() == self.cap {
            return Err(StackError::Full);
        }
        self.items.push(x);
        Ok(())
    }
}

impl fmt::Display for StackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self)
    }
}

fn main() {
    let _m: HashMap<u8, u8> = HashMap::new();
    let _q: VecDeque<u8> = VecDeque::new();
}
`,
  },
  {
    file: "h.c",
    why: "functions: push, main; classes: struct node, typedef'd anonymous struct, enum color (struct node * references are not); imports: 3 #include",
    lang: "c",
    functions: 2,
    classes: 3,
    imports: 3,
    text: `#include <stdio.h>
#include <stdlib.h>
#include "list.h"

/* A singly linked list node. */
struct node {
    int value;
    struct node *next;
};

typedef struct {
    double x, y;
} point;

enum color { RED, GREEN };

static struct node *push(struct node *head, int value)
{
    struct node *n = malloc(sizeof *n);
    if (!n) return head;
    n->value = value;
    n->next = head;
    return n;
}

int main(void)
{
    struct node *list = NULL;
    for (int i = 0; i < 3; i++)
        list = push(list, i); // prepend
    printf("%d\\n", list->value);
    return 0;
}
`,
  },
  {
    file: "i.cpp",
    why: "functions: ~Shape, Rect ctor, Rect::area, template sum, main (pure virtual area, the prototype and the lambda are not); classes: Shape, Rect; imports: 3 #include",
    lang: "c++",
    functions: 5,
    classes: 2,
    imports: 3,
    text: `#include <iostream>
#include <string>
#include <vector>

namespace shapes {

/// Base class of all shapes.
class Shape {
public:
    virtual ~Shape() = default;
    virtual double area() const = 0;
};

struct Rect : Shape {
    double w, h;
    Rect(double w, double h) : w(w), h(h) {}
    double area() const override { return w * h; }
};

template <typename T>
T sum(const std::vector<T>& xs) {
    T s{};
    for (const auto& x : xs) s += x;
    return s;
}

}  // namespace shapes

double shapes_total(const std::vector<double>& v);

int main() {
    shapes::Rect r(2, 3);
    auto twice = [](double x) { return 2 * x; };
    std::cout << twice(r.area()) << std::endl;
    return 0;
}
`,
  },
  {
    file: "j.cs",
    why: "functions: ctor, Find, expression-bodied Add (IRepository.Find has no body); classes: record Item, IRepository, MemoryRepository, struct Point, enum Kind; imports: 2 using",
    lang: "c#",
    functions: 3,
    classes: 5,
    imports: 2,
    text: `using System;
using System.Collections.Generic;

namespace Inventory
{
    /// <summary>An item in stock.</summary>
    public record Item(string Name, int Count);

    public interface IRepository
    {
        Item Find(string name);
    }

    // Stores items in memory.
    public class MemoryRepository : IRepository
    {
        private readonly Dictionary<string, Item> _items = new();

        public MemoryRepository() { }

        /// <summary>Finds an item by name.</summary>
        public Item Find(string name)
        {
            return _items.TryGetValue(name, out var item) ? item : null;
        }

        public void Add(Item item) => _items[item.Name] = item;
    }

    public struct Point { public int X; public int Y; }

    public enum Kind { Tool, Part }
}
`,
  },
  {
    file: "k.rb",
    why: "functions: self.slug, initialize, to_json, publish; classes: module Helpers, class Post; imports: require, require_relative",
    lang: "ruby",
    functions: 4,
    classes: 2,
    imports: 2,
    text: `require "json"
require_relative "version"

# Helpers shared by all models.
module Helpers
  def self.slug(s)
    s.downcase.gsub(/\\W+/, "-")
  end
end

# A blog post.
class Post
  include Helpers
  attr_reader :title

  def initialize(title)
    @title = title
  end

  def to_json(*args)
    { title: @title }.to_json(*args)
  end
end

def publish(post)
  puts post.to_json
end
`,
  },
  {
    file: "l.php",
    why: "functions: __construct, toJson, touch, make_user (interface name() has no body); classes: User, HasName, Timestamps; imports: 2 use + require_once",
    lang: "php",
    functions: 4,
    classes: 3,
    imports: 3,
    text: `<?php
declare(strict_types=1);

namespace App\\Models;

use App\\Contracts\\Jsonable;
use Carbon\\Carbon;

require_once __DIR__ . '/helpers.php';

/**
 * A user account.
 */
class User implements Jsonable
{
    private string $name;

    public function __construct(string $name)
    {
        $this->name = $name;
    }

    /** Returns the user as JSON. */
    public function toJson(): string
    {
        // encode
        return json_encode(['name' => $this->name]);
    }
}

interface HasName
{
    public function name(): string;
}

trait Timestamps
{
    public function touch(): void {}
}

function make_user(string $name): User
{
    return new User($name);
}
`,
  },
  {
    file: "m.sh",
    why: "functions: log, run_tests; imports: source, .",
    lang: "shell",
    functions: 2,
    classes: 0,
    imports: 2,
    text: `#!/usr/bin/env bash
# Build and test the project.
set -euo pipefail

source ./env.sh
. "$HOME/.profile"

log() {
  echo "[build] $*" >&2
}

function run_tests {
  log "testing"
  npm test
}

log "building"
run_tests
`,
  },
  {
    file: "n.kt",
    why: "functions: register, main (interface fun area has no body, the lambda is not counted); classes: data class Point, interface Shape, object Registry; imports: 2",
    lang: "kotlin",
    functions: 2,
    classes: 3,
    imports: 2,
    text: `package demo

import kotlin.math.max
import java.io.File

/** A 2D point. */
data class Point(val x: Int, val y: Int)

interface Shape {
    fun area(): Double
}

object Registry {
    fun register(s: Shape) {}
}

// Entry point.
fun main(args: Array<String>) {
    val sq = { x: Int -> x * x }
    println(max(sq(2), 3))
}
`,
  },
  {
    file: "o.swift",
    why: "functions: init, inc, twice; classes: class Counter, struct Pair, protocol Named, enum Dir; imports: 1",
    lang: "swift",
    functions: 3,
    classes: 4,
    imports: 1,
    text: `import Foundation

/// A counter.
class Counter {
    var n = 0
    init() {}
    func inc() { n += 1 }
}

struct Pair { let a: Int; let b: Int }

protocol Named { var name: String { get } }

enum Dir { case up, down }

// Top-level helper.
func twice(_ x: Int) -> Int { return 2 * x }
`,
  },
  {
    file: "p.scala",
    why: "functions: Circle.area, main (trait def area has no body); classes: trait Shape, case class Circle, object Main; imports: 2",
    lang: "scala",
    functions: 2,
    classes: 3,
    imports: 2,
    text: `package demo

import scala.collection.mutable
import java.io.File

/** A shape. */
trait Shape { def area: Double }

case class Circle(r: Double) extends Shape {
  def area: Double = math.Pi * r * r
}

object Main {
  // entry
  def main(args: Array[String]): Unit = println(Circle(1).area)
}
`,
  },
  {
    file: "r.css",
    why: "imports: @import",
    lang: "css",
    functions: 0,
    classes: 0,
    imports: 1,
    text: `@import url("base.css");
/* Buttons */
.btn { color: red; }
`,
  },
  {
    file: "s.json",
    lang: "json",
    functions: 0,
    classes: 0,
    imports: 0,
    text: `{"a": [1, 2, {"b": null}], "c": "d"}
`,
  },
  {
    file: "t.toml",
    lang: "toml",
    functions: 0,
    classes: 0,
    imports: 0,
    text: `# Project settings
[package]
name = "demo"
version = "0.1.0"
`,
  },
  {
    file: "u.html",
    lang: "html",
    functions: 0,
    classes: 0,
    imports: 0,
    text: `<!DOCTYPE html>
<html><!-- header --><head><title>x</title></head><body><p>Hi</p></body></html>
`,
  },
];
