#!/usr/bin/env node
// cosmosdb-server (@vercel/cosmosdb-server) with the fixes the .NET SDK (Microsoft.Azure.Cosmos 3.x, gateway mode)
// needs to run against it. Usage: node cosmos-server.js --port N [--host 127.0.0.1]
//
// The package builds its HTTPS server around a router it looks up on every request (lib/routes.js "default"),
// so each fix is a route placed in front of the package's own: the rest of the server stays as published.
// Fixes, each marked FIX below:
//   1. query plan requests (x-ms-cosmos-is-query-plan-request) get a pass-through plan over the one partition range;
//   2. queries run only over the partition named in x-ms-documentdb-partitionkey (the server ignored the header);
//   3. reading a missing document is a 404 (was a 500), and If-None-Match with the current ETag a 304 (was a 200);
//   4. PATCH is done here: the server lower-cased the whole filter predicate (property names and string literals);
//   5. comparing values of different types is undefined, as in Cosmos (the server said false, so != matched);
//   6. keep-alive connections (the server closed the connection after every reply);
//   7. a write whose body has another partition key than the header is a 400 (substatus 1001), as in Cosmos
//      (the server stored it under the body's key), and a missing container a 404 with substatus 1003;
//   8. replacing a container's definition (e.g. a new composite index) keeps its documents (the server dropped them).
// Not fixed (the adapter does not use them): OFFSET/LIMIT, DISTINCT, GROUP BY, LIKE, TransactionalBatch, bulk.
"use strict";
const cosmos = require("@vercel/cosmosdb-server");
const routes = require("@vercel/cosmosdb-server/lib/routes");
const readItems = require("@vercel/cosmosdb-server/lib/handler/_read-items").default;
const readJson = require("@vercel/cosmosdb-server/lib/json").default;
const isTrue = require("@vercel/cosmosdb-server/lib/true-header").default;
const operations = require("@vercel/cosmosdb-server/lib/handler/_document-operations");
const parseQuery = require("@zeit/cosmosdb-query").default;
const helpers = require("@zeit/cosmosdb-query/lib/helpers");

const DOCS = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs$/;
const COLL = /^\/dbs\/[^/]+\/colls\/[^/]+$/;
const DOC = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs\/([^/]+)$/;
const notFound = () => ({ code: "NotFound", message: "Entity with the specified id does not exist in the system." });
const reply = (res, status, body, subStatus) => {
  res.statusCode = status;
  if (subStatus) res.setHeader("x-ms-substatus", String(subStatus));
  return body;
};
const failed = (message) => ({ code: "PreconditionFailed", message });
const badRequest = (message) => ({ code: "BadRequest", message });

// FIX 5: Cosmos equality across types (or with undefined) is undefined, so neither = nor != holds.
const sameTypeEqual = helpers.equal;
helpers.equal = (a, b) => {
  const kind = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
  if (a === undefined || b === undefined || kind(a) !== kind(b)) return undefined;
  return sameTypeEqual(a, b);
};

/** The request's partition key value ([value] in the header), or undefined without one. */
function partitionKeyOf(req) {
  const header = req.headers["x-ms-documentdb-partitionkey"];
  if (!header || header === "[{}]") return undefined;
  const parsed = JSON.parse(header);
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

function valueAt(doc, segments) {
  return segments.reduce((v, key) => (v !== null && typeof v === "object" ? v[key] : undefined), doc);
}

/** The collection's partition key path as property names ("/courseId" -> ["courseId"]). */
function partitionPath(collection) {
  const [path] = ((collection.read() || {}).partitionKey || {}).paths || ["/id"];
  return path.slice(1).split("/");
}

// FIX 1: the SDK asks the gateway for a query plan (on Windows a native library makes it). Every query of the
// adapter targets one partition, so the plan says "nothing to rewrite, send it as is to the one range".
function queryPlan() {
  return {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None", top: null, offset: null, limit: null, orderBy: [], orderByExpressions: [],
      groupByExpressions: [], groupByAliases: [], aggregates: [], groupByAliasToAggregateType: {},
      rewrittenQuery: "", hasSelectValue: false, hasNonStreamingOrderBy: false,
    },
    queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
  };
}

// FIX 1 + 2: a query runs over the documents of the requested partition only.
async function queryDocuments(account, req, res, [dbId, collId]) {
  const body = await readJson(req);
  if (isTrue(req, "x-ms-cosmos-is-query-plan-request")) return queryPlan();
  return readItems(req, res, "Documents", async ({ continuation, maxItemCount }) => {
    const collection = account.database(dbId).collection(collId);
    const definition = collection.read();
    if (!definition) return null;
    const key = partitionKeyOf(req);
    const path = partitionPath(collection);
    // The package keeps documents in a Map of Items (account/items.js); read them without copying.
    const docs = [...collection.documents._data.values()].map((item) => item.read())
      .filter((doc) => key === undefined || valueAt(doc, path) === key);
    try {
      return parseQuery(body.query).exec(docs, {
        parameters: body.parameters, maxItemCount, continuation,
        compositeIndexes: (definition.indexingPolicy || {}).compositeIndexes || [],
      });
    } catch (err) {
      res.statusCode = 400; // as the package: a query it cannot run is the query's fault
      return badRequest(err.message);
    }
  });
}

// FIX 3: a point read of a missing document is a 404, and a conditional read of an unchanged one a 304.
function readDocument(account, req, res, [dbId, collId, docId]) {
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return reply(res, 404, notFound(), 1003);
  const doc = collection.document(docId, partitionKeyOf(req)).read();
  if (!doc) return reply(res, 404, notFound());
  if (req.headers["if-none-match"] === doc._etag) {
    res.setHeader("etag", doc._etag);
    return reply(res, 304, {});
  }
  return doc;
}

// FIX 7: create (POST), upsert (POST) and replace (PUT) check the body's partition key against the header's.
async function writeDocument(account, req, res, [dbId, collId]) {
  const body = await readJson(req);
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return reply(res, 404, notFound(), 1003);
  const key = partitionKeyOf(req);
  if (key !== undefined && valueAt(body, partitionPath(collection)) !== key)
    return reply(res, 400, badRequest("PartitionKey extracted from document doesn't match the one specified in the header."), 1001);
  const input = { partitionKey: req.headers["x-ms-documentdb-partitionkey"], ifMatch: req.headers["if-match"], resourceBody: body };
  const result = req.method === "PUT" ? operations.replaceOperation(collection, input)
    : isTrue(req, "x-ms-documentdb-is-upsert") ? operations.upsertOperation(collection, input)
    : operations.createOperation(collection, input);
  return reply(res, result.statusCode, result.body);
}

// FIX 4: PATCH with operations set/add/replace/remove/incr and a filter predicate ("FROM c WHERE ..."),
// evaluated against the stored document; all or nothing, with a new _etag.
async function patchDocument(account, req, res, [dbId, collId, docId]) {
  const body = await readJson(req);
  const collection = account.database(dbId).collection(collId);
  if (!collection.read()) return reply(res, 404, notFound(), 1003);
  const doc = collection.document(docId, partitionKeyOf(req)).read();
  if (!doc) return reply(res, 404, notFound());
  if (req.headers["if-match"] && req.headers["if-match"] !== doc._etag)
    return reply(res, 412, failed("Operation cannot be performed because one of the specified precondition is not met."));
  const patch = Array.isArray(body) ? body : body.operations;
  if (!Array.isArray(patch) || patch.length === 0 || patch.length > 10)
    return reply(res, 400, badRequest("A patch request has 1 to 10 operations."));
  if (body.condition) {
    let holds;
    try {
      holds = parseQuery(`SELECT * ${body.condition}`).exec([doc], {}).result.length === 1;
    } catch (err) {
      return reply(res, 400, badRequest(`Invalid filter predicate: ${err.message}`));
    }
    if (!holds) return reply(res, 412, failed("Condition specified in the patch request is not satisfied."));
  }
  try {
    return collection.documents.replace(patch.reduce(applyOperation, JSON.parse(JSON.stringify(doc))), doc);
  } catch (err) {
    if (err.conflict) return reply(res, 409, { code: "Conflict", message: err.message });
    return reply(res, 400, badRequest(err.message));
  }
}

/** One JSON-patch-like Cosmos operation on a copy of the document; throws (400) when the path does not fit. */
function applyOperation(doc, { op, path, value }) {
  const segments = String(path).split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (segments.length === 0 || segments[0] === "" || segments[0].startsWith("_"))
    throw new Error(`Invalid patch path '${path}'.`);
  const name = segments.pop();
  const parent = valueAt(doc, segments);
  if (parent === null || typeof parent !== "object") throw new Error(`The parent of '${path}' does not exist.`);
  const index = Array.isArray(parent) ? (name === "-" ? parent.length : Number(name)) : undefined;
  if (index !== undefined && !(Number.isInteger(index) && index >= 0 && index <= parent.length))
    throw new Error(`Index '${name}' is out of bounds in '${path}'.`);
  const exists = index !== undefined ? index < parent.length : Object.prototype.hasOwnProperty.call(parent, name);
  switch (op) {
    case "add":
      if (index !== undefined) parent.splice(index, 0, value);
      else parent[name] = value;
      break;
    case "set":
      parent[index !== undefined ? index : name] = value;
      break;
    case "replace":
      if (!exists) throw new Error(`'${path}' does not exist.`);
      parent[index !== undefined ? index : name] = value;
      break;
    case "remove":
      if (!exists) throw new Error(`'${path}' does not exist.`);
      if (index !== undefined) parent.splice(index, 1);
      else delete parent[name];
      break;
    case "incr": {
      const current = exists ? parent[index !== undefined ? index : name] : 0;
      if (typeof current !== "number" || typeof value !== "number")
        throw new Error(`Increment of '${path}' needs numbers.`);
      parent[index !== undefined ? index : name] = current + value;
      break;
    }
    default:
      throw new Error(`Unsupported patch operation '${op}'.`);
  }
  return doc;
}

// FIX 8: the package replaces a container by creating a new, empty one; move the documents over.
const keepingDocuments = (replaceCollection) => async (account, req, res, params) => {
  const before = account.database(params.dbId).collection(params.collId);
  const result = await replaceCollection(account, req, res, params);
  const after = account.database(params.dbId).collection(params.collId);
  if (after !== before && before.read()) {
    after.documents = before.documents;
    after.documents._parent = after; // its indexing policy (composite indexes) is read from the parent
  }
  return result;
};

// The package's router, with the fixed routes in front.
const packageRoute = routes.default;
routes.default = (req) => {
  const pathname = req.url.split("?")[0].replace(/^\/\//, "/").replace(/\/+$/, "");
  // The router runs outside the package's error handling: a malformed escape must not crash the server.
  const decode = (s) => { try { return decodeURIComponent(s); } catch { return s; } };
  const params = (match) => match.slice(1).map(decode);
  const docs = DOCS.exec(pathname);
  const doc = DOC.exec(pathname);
  const isQuery = isTrue(req, "x-ms-documentdb-isquery") || req.headers["content-type"] === "application/query+json";
  if (docs && req.method === "POST" && isQuery) return [params(docs), queryDocuments];
  if (doc && req.method === "GET") return [params(doc), readDocument];
  if (doc && req.method === "PATCH") return [params(doc), patchDocument];
  if ((docs && req.method === "POST" && !isTrue(req, "x-ms-cosmos-is-batch-request")) || (doc && req.method === "PUT"))
    return [params(docs || doc), writeDocument];
  const route = packageRoute(req);
  if (route && req.method === "PUT" && COLL.test(pathname)) return [route[0], keepingDocuments(route[1])];
  return route;
};

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = parseInt(option("--port", "8081"), 10);
const host = option("--host", "127.0.0.1");

// FIX 6: keep connections open between requests (the SDK pools them), and longer than the SDK keeps them idle.
const server = cosmos.createHttpsServer({ keepAlive: true });
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
// Port 0 lets the OS pick a free port: the line below names the port actually bound, which is how callers find it.
server.listen(port, host, () => console.log(`cosmos-server ready at https://${host}:${server.address().port}/`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
