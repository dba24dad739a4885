#!/usr/bin/env node
// client.js ENDPOINT_URL PREFIX - the node-soap client of the interop matrix (npm "soap").
//
// Loads the live ?wsdl, calls every operation through the BasicHttpBinding port and asserts the
// values; the same scenario as ../python/scenario.py and ../wcf/Interop.cs: keep them in step.
// Prints one line per operation:  RESULT <Operation> PASS | RESULT <Operation> FAIL <reason>
//
// node-soap quirks handled here (none of them a service bug):
//  - xs:decimal is parsed with Number() (9876543210987.6543 -> 9876543210987.654): the client is
//    created with customDeserializer {decimal: text => text} and decimals compare as strings;
//  - members of types from an imported schema, and of a type named by xsi:type, come back as
//    text ("Id": "49"), so integers are converted here;
//  - an empty element (<Tags/>, <Items/>, <Description/>) reads as null like an absent one, so
//    "empty vs nil" is checked on the raw response (a small DOM built with sax);
//  - the WSDL has two ports: calls go through client.InventoryService.BasicHttpBinding_...;
//  - an xsi:type on a request member is written from attributes.xsi_type {type, xmlns}.
'use strict';

const soap = require('soap');
const sax = require('sax');
const crypto = require('crypto');

const DC = 'http://schemas.datacontract.org/2004/07/Soaprest.Inventory';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const TIMEOUT_MS = 20000;
const NON_ASCII = 'Caf\u00e9 \u2615 Gr\u00fc\u00dfe \u6771\u4eac \u{1D11E}';
const PRICE1 = '9876543210987.6543';
const EXPIRES = '2027-01-02T03:04:05.123Z';
const IMAGE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([...Array(256).keys()])]);
const OPERATIONS = ['GetServiceInfo', 'CreateProduct', 'GetProduct', 'UpdateProduct', 'FindProducts',
  'DeleteProduct', 'SetProductImage', 'GetProductImage', 'PlaceOrder', 'GetOrder', 'ShipOrder',
  'CancelOrder', 'AdjustStock'];

class CheckFailed extends Error {}
class Fault extends Error {
  constructor(name, detail, text) {
    super(`${name} ${JSON.stringify(detail)} ${text}`);
    this.name_ = name; this.detail = detail;
  }
}

const show = (v) => (v === undefined ? 'undefined' : JSON.stringify(v));
function check(ok, what) { if (!ok) throw new CheckFailed(what); }
function eq(want, got, what) {
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    throw new CheckFailed(`${what}: expected ${show(want)}, got ${show(got)}`);
  }
}
function need(v, step) { if (v == null) throw new CheckFailed(`depends on ${step}, which did not succeed`); }
// Decimals compare by value, exactly, as text: "5.0" == "5", "19.990" == "19.99".
function decNorm(s) {
  if (s == null) return s;
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(String(s));
  if (!m) return `not a decimal: ${s}`;
  const int = m[2].replace(/^0+(?=\d)/, '');
  const frac = (m[3] || '').replace(/0+$/, '');
  const neg = m[1] === '-' && (int !== '0' || frac !== '');
  return (neg ? '-' : '') + int + (frac ? `.${frac}` : '');
}
function deq(want, got, what) { eq(decNorm(want), decNorm(got), what); }
function oneLine(s) { s = String(s).replace(/\s+/g, ' '); return s.length > 600 ? `${s.slice(0, 600)}...` : s; }
function recentUtc(t, what) {
  check(typeof t === 'string' && /Z$|[+-]00:00$/.test(t), `${what}: not a UTC dateTime: ${show(t)}`);
  const age = Date.now() - Date.parse(t);
  check(age > -600e3 && age < 3600e3, `${what} is not a recent time: ${t}`);
}

// ---- a tiny DOM over the raw response (sax) ------------------------------------------------------
function parseXml(text) {
  const parser = sax.parser(true, { xmlns: true });
  const root = { children: [] };
  const stack = [root];
  parser.onopentag = (n) => {
    const el = { uri: n.uri, local: n.local, attrs: n.attributes, children: [], text: '' };
    stack[stack.length - 1].children.push(el);
    stack.push(el);
  };
  parser.onclosetag = () => stack.pop();
  parser.ontext = (t) => { stack[stack.length - 1].text += t; };
  parser.write(text).close();
  return root;
}
function find(el, local, uri) { return el && el.children.find((c) => c.local === local && (!uri || c.uri === uri)); }
function findDeep(el, local) {
  if (!el) return undefined;
  for (const c of el.children) {
    if (c.local === local) return c;
    const d = findDeep(c, local);
    if (d) return d;
  }
  return undefined;
}
function presentEmpty(raw, name) {
  const c = find(raw, name, DC);
  if (!c) return false;
  const nil = Object.values(c.attrs).find((a) => a.uri === XSI && a.local === 'nil');
  return c.children.length === 0 && c.text === '' && !(nil && (nil.value === 'true' || nil.value === '1'));
}

// ---- the adapter ------------------------------------------------------------------------------
const toInt = (v) => (v == null ? v : (/^-?\d+$/.test(String(v)) ? Number(v) : `not an integer: ${v}`));
const asDate = (v) => (v instanceof Date ? v.toISOString() : v);

class Api {
  static async create(url) {
    const api = new Api();
    api.client = await soap.createClientAsync(`${url}?wsdl`, {
      customDeserializer: { decimal: (text) => text },
      wsdl_options: { timeout: TIMEOUT_MS },
    });
    api.port = api.client.InventoryService.BasicHttpBinding_IInventoryService;
    return api;
  }

  call(op, args) {
    return new Promise((resolve, reject) => {
      this.port[op](args || {}, (err, result, rawResponse) => {
        if (err) {
          const f = err.root && err.root.Envelope && err.root.Envelope.Body && err.root.Envelope.Body.Fault;
          if (f && f.detail && typeof f.detail === 'object') {
            const name = Object.keys(f.detail).find((k) => k !== 'attributes');
            reject(new Fault(name, f.detail[name], f.faultstring));
          } else {
            reject(err);
          }
          return;
        }
        const doc = rawResponse ? parseXml(rawResponse) : null;
        resolve([result, doc ? findDeep(doc, `${op}Result`) : null]);
      }, { timeout: TIMEOUT_MS });
    });
  }

  productOut(p) {
    const o = {};
    if (p.type === 'PerishableProduct') o.attributes = { xsi_type: { type: 'PerishableProduct', xmlns: DC } };
    for (const k of ['Id', 'Sku', 'Name', 'Description', 'Category', 'Price', 'StockQuantity', 'Tags', 'Version']) {
      if (p[k] === undefined) continue;
      if (k === 'Tags') o.Tags = p.Tags === null ? null : { string: p.Tags };
      else if (k === 'Description' && p.Description === null) o.Description = { attributes: { 'xsi:nil': 'true' } };
      else if (p[k] !== null) o[k] = p[k];
    }
    if (p.type === 'PerishableProduct') { o.ExpiresOn = p.ExpiresOn; o.ShelfLife = p.ShelfLife; }
    return o;
  }

  productIn(v, raw) {
    if (v == null) return v;
    const xsiType = v.attributes && v.attributes['xsi:type'];
    const d = {
      type: xsiType ? xsiType.split(':').pop() : 'Product',
      Id: toInt(v.Id), Sku: v.Sku, Name: v.Name, Description: v.Description, Category: v.Category,
      Price: v.Price, StockQuantity: toInt(v.StockQuantity), CreatedAt: asDate(v.CreatedAt),
      UpdatedAt: asDate(v.UpdatedAt), Version: toInt(v.Version),
    };
    if (v.Tags == null) d.Tags = presentEmpty(raw, 'Tags') ? [] : null;
    else d.Tags = [].concat(v.Tags.string == null ? [] : v.Tags.string);
    if (d.Description == null) d.Description = presentEmpty(raw, 'Description') ? '' : null;
    if (d.UpdatedAt === undefined) d.UpdatedAt = null;
    if (d.type === 'PerishableProduct') { d.ExpiresOn = asDate(v.ExpiresOn); d.ShelfLife = v.ShelfLife; }
    return d;
  }

  orderIn(v) {
    const lines = v.Lines == null ? null : [].concat(v.Lines.OrderLine || []).map((l) => ({
      Sku: l.Sku, ProductName: l.ProductName, Quantity: toInt(l.Quantity), UnitPrice: l.UnitPrice, LineTotal: l.LineTotal,
    }));
    return {
      Id: v.Id, CustomerName: v.CustomerName, CustomerEmail: v.CustomerEmail, PlacedAt: asDate(v.PlacedAt),
      Status: v.Status, Total: v.Total, Note: v.Note == null ? null : v.Note,
      CancelReason: v.CancelReason == null ? null : v.CancelReason, Lines: lines,
    };
  }

  async getServiceInfo() { const [r] = await this.call('GetServiceInfo'); return r.GetServiceInfoResult; }
  async createProduct(p) { const [r, raw] = await this.call('CreateProduct', { product: this.productOut(p) }); return this.productIn(r.CreateProductResult, raw); }
  async getProduct(id) { const [r, raw] = await this.call('GetProduct', { id }); return this.productIn(r.GetProductResult, raw); }
  async updateProduct(p) { const [r, raw] = await this.call('UpdateProduct', { product: this.productOut(p) }); return this.productIn(r.UpdateProductResult, raw); }
  async deleteProduct(id) { await this.call('DeleteProduct', { id }); }
  async findProducts(q) {
    const query = {};
    for (const k of ['NamePrefix', 'Category', 'MinPrice', 'MaxPrice', 'Tags', 'Page', 'PageSize']) {
      if (q[k] !== undefined) query[k] = k === 'Tags' ? { string: q.Tags } : q[k];
    }
    const [r, raw] = await this.call('FindProducts', { query });
    const res = r.FindProductsResult;
    let items;
    if (res.Items == null) items = presentEmpty(raw, 'Items') ? [] : null;
    else {
      const raws = find(raw, 'Items', DC).children;
      items = [].concat(res.Items.Product || []).map((p, i) => this.productIn(p, raws[i]));
    }
    return { Items: items, TotalCount: toInt(res.TotalCount), Page: toInt(res.Page), PageSize: toInt(res.PageSize) };
  }
  async placeOrder(o) {
    const order = { CustomerName: o.CustomerName };
    if (o.CustomerEmail != null) order.CustomerEmail = o.CustomerEmail;
    order.Lines = { OrderLineRequest: o.Lines };
    if (o.Note != null) order.Note = o.Note;
    const [r] = await this.call('PlaceOrder', { order });
    return this.orderIn(r.PlaceOrderResult);
  }
  async getOrder(id) { const [r] = await this.call('GetOrder', { id }); return this.orderIn(r.GetOrderResult); }
  async cancelOrder(id, reason) {
    const args = { id };
    if (reason != null) args.reason = reason;
    const [r] = await this.call('CancelOrder', args);
    return this.orderIn(r.CancelOrderResult);
  }
  async shipOrder(id) { const [r] = await this.call('ShipOrder', { id }); return this.orderIn(r.ShipOrderResult); }
  async setProductImage(productId, img) {
    await this.call('SetProductImage', { productId, image: { ContentType: img.ContentType, Data: img.Data.toString('base64') } });
  }
  async getProductImage(productId) {
    const [r] = await this.call('GetProductImage', { productId });
    const x = r.GetProductImageResult;
    return { ContentType: x.ContentType, Data: x.Data == null ? null : Buffer.from(x.Data, 'base64') };
  }
  async adjustStock(sku, delta, reason) { await this.call('AdjustStock', { sku, delta, reason }); }
}

// ---- the scenario -------------------------------------------------------------------------------
async function expectFault(name, what, fn) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof Fault) {
      if (e.name_ !== name) throw new CheckFailed(`${what}: expected fault ${name}, got ${e.message}`);
      check(e.detail && Object.keys(e.detail).length, `${what}: fault ${name} without detail fields`);
      return e.detail;
    }
    throw new CheckFailed(`${what}: expected fault ${name}, got ${e.name}: ${oneLine(e.message)}`);
  }
  throw new CheckFailed(`${what}: expected fault ${name}, the call succeeded`);
}

function sameProduct(want, got, what) {
  for (const k of ['type', 'Id', 'Sku', 'Name', 'Description', 'Category', 'StockQuantity', 'Tags', 'CreatedAt', 'UpdatedAt', 'Version']) {
    eq(want[k], got[k], `${what}.${k}`);
  }
  deq(want.Price, got.Price, `${what}.Price`);
  if (want.type === 'PerishableProduct') {
    eq(want.ExpiresOn, got.ExpiresOn, `${what}.ExpiresOn`);
    eq(want.ShelfLife, got.ShelfLife, `${what}.ShelfLife`);
  }
}

function scenario(api, prefix) {
  const s = { p1: null, p2: null, p3: null, p4: null, o1: null, o2: null };
  const sku = (n) => `${prefix}-${n}`;
  const pfx = `${prefix} `;
  const prod = (n, name, Category, Price, StockQuantity, Tags, Description, extra) => ({
    type: 'Product', Id: 0, Sku: sku(n), Name: name, Description: Description === undefined ? null : Description,
    Category, Price, StockQuantity, Tags, ...(extra || {}),
  });
  const ids = (page) => (page.Items || []).map((p) => p.Id);
  return {
    async GetServiceInfo() {
      const i = await api.getServiceInfo();
      check(i.Name && i.Version, `Name/Version empty: ${show(i)}`);
      const started = i.StartedAt instanceof Date ? i.StartedAt.getTime() : Date.parse(i.StartedAt);
      check(started <= Date.now() + 60e3 && started > Date.now() - 86400e3, `StartedAt not plausible: ${i.StartedAt}`);
      check(toInt(i.ProductCount) >= 0 && toInt(i.OrderCount) >= 0, `bad counts ${show(i)}`);
    },
    async CreateProduct() {
      const req1 = prod(1, `${prefix} one ${NON_ASCII}`, 'Hardware', PRICE1, 10, ['red', '\u00df\u20ac']);
      const r1 = await api.createProduct(req1);
      check(Number.isInteger(r1.Id) && r1.Id > 0, `Id not assigned: ${show(r1.Id)}`);
      for (const k of ['Sku', 'Name', 'Description', 'Category', 'StockQuantity', 'Tags']) eq(req1[k], r1[k], k);
      deq(PRICE1, r1.Price, 'Price (decimal exact)');
      recentUtc(r1.CreatedAt, 'CreatedAt');
      eq(null, r1.UpdatedAt, 'UpdatedAt (nil on create)');
      eq(1, r1.Version, 'Version');
      eq('Product', r1.type, 'type');
      const r2 = await api.createProduct(prod(2, `${prefix} two`, 'Software', '0.1', 0, [], ''));
      eq([], r2.Tags, 'Tags = [] must come back empty, not nil');
      eq('', r2.Description, 'Description (empty string, not nil)');
      deq('0.1', r2.Price, 'Price 0.1');
      const r3 = await api.createProduct(prod(3, `${prefix} three`, 'Service', '0', 0, null));
      eq(null, r3.Tags, 'Tags = nil must come back nil');
      const r4 = await api.createProduct(prod(4, `${prefix} four`, 'Grocery', '2.5', 5, ['fresh'], null,
        { type: 'PerishableProduct', ExpiresOn: EXPIRES, ShelfLife: 'PT36H' }));
      eq('PerishableProduct', r4.type, 'the derived type');
      eq(EXPIRES, r4.ExpiresOn, 'ExpiresOn');
      eq('PT36H', r4.ShelfLife, 'ShelfLife');
      Object.assign(s, { p1: r1, p2: r2, p3: r3, p4: r4 });
      const v = await expectFault('ValidationFault', 'bad Sku', () => api.createProduct(
        { type: 'Product', Sku: 'bad sku', Name: 'x', Category: 'Hardware', Price: '1', StockQuantity: 0, Tags: null }));
      eq('Sku', v.Field, 'ValidationFault.Field');
      check(v.Message, 'ValidationFault.Message is empty');
      const cf = await expectFault('ConflictFault', 'duplicate Sku', () => api.createProduct(
        { type: 'Product', Sku: sku(1), Name: 'dup', Category: 'Hardware', Price: '1', StockQuantity: 0, Tags: null }));
      check(String(cf.Message).includes(sku(1)), `ConflictFault.Message: ${show(cf)}`);
    },
    async GetProduct() {
      need(s.p1, 'CreateProduct');
      for (const [p, n] of [[s.p1, 'P1'], [s.p2, 'P2'], [s.p3, 'P3'], [s.p4, 'P4']]) sameProduct(p, await api.getProduct(p.Id), `GetProduct(${n})`);
      const nf = await expectFault('NotFoundFault', 'missing id', () => api.getProduct(2147483647));
      eq(['Product', '2147483647'], [nf.Entity, nf.Key], 'NotFoundFault');
    },
    async UpdateProduct() {
      need(s.p1, 'CreateProduct');
      const cur = await api.getProduct(s.p1.Id);
      Object.assign(cur, { Description: `now described: ${NON_ASCII}`, Price: '19.99', Tags: ['red', '\u00df\u20ac', 'new'] });
      const u = await api.updateProduct({ ...cur });
      eq(cur.Version + 1, u.Version, 'Version after update');
      eq(cur.Description, u.Description, 'Description');
      deq('19.99', u.Price, 'Price');
      eq(cur.Tags, u.Tags, 'Tags');
      recentUtc(u.UpdatedAt, 'UpdatedAt');
      eq(s.p1.CreatedAt, u.CreatedAt, 'CreatedAt unchanged');
      s.p1 = u;
      const stale = await expectFault('ConflictFault', 'stale Version', () => api.updateProduct({ ...cur }));
      eq(u.Version, toInt(stale.CurrentVersion), 'ConflictFault.CurrentVersion');
      const nf = await expectFault('NotFoundFault', 'missing id', () => api.updateProduct(
        prod(99, 'x', 'Hardware', '1', 0, null, null, { Id: 2147483647, Version: 1 })));
      eq('Product', nf.Entity, 'NotFoundFault.Entity');
      const bad = await api.getProduct(u.Id);
      bad.Price = '-1';
      const v = await expectFault('ValidationFault', 'negative Price', () => api.updateProduct(bad));
      eq('Price', v.Field, 'ValidationFault.Field');
      deq('19.99', (await api.getProduct(u.Id)).Price, 'Price after the refused update');
    },
    async FindProducts() {
      need(s.p4, 'CreateProduct');
      const all = await api.findProducts({ NamePrefix: pfx, Page: 1, PageSize: 10 });
      eq(4, all.TotalCount, 'TotalCount for the prefix');
      eq([s.p1.Id, s.p2.Id, s.p3.Id, s.p4.Id], ids(all), 'Items (P1..P4 in Id order)');
      eq('PerishableProduct', all.Items[3].type, 'P4 inside ArrayOfProduct');
      eq(EXPIRES, all.Items[3].ExpiresOn, 'P4.ExpiresOn in the page');
      deq(s.p1.Price, all.Items[0].Price, 'P1.Price in the page');
      eq([s.p1.Id], ids(await api.findProducts({ NamePrefix: pfx, Tags: ['\u00df\u20ac'], Page: 1, PageSize: 10 })), 'found by non-ASCII tag');
      eq([s.p4.Id], ids(await api.findProducts({ NamePrefix: pfx, Category: 'Grocery', Page: 1, PageSize: 10 })), 'found by Category');
      eq([s.p2.Id, s.p4.Id], ids(await api.findProducts({ NamePrefix: pfx, MinPrice: '0.1', MaxPrice: '2.5', Page: 1, PageSize: 10 })), 'MinPrice 0.1 .. MaxPrice 2.5');
      const p2 = await api.findProducts({ NamePrefix: pfx, Page: 2, PageSize: 3 });
      eq([4, 2, 3, [s.p4.Id]], [p2.TotalCount, p2.Page, p2.PageSize, ids(p2)], 'page 2 of 3-item pages');
      const none = await api.findProducts({ NamePrefix: `${pfx}nothing`, Page: 1, PageSize: 10 });
      eq(0, none.TotalCount, 'TotalCount of an empty result');
      eq([], none.Items, 'an empty result must be an empty Items array');
      const v = await expectFault('ValidationFault', 'PageSize 0', () => api.findProducts({ Page: 1, PageSize: 0 }));
      eq('PageSize', v.Field, 'ValidationFault.Field');
    },
    async DeleteProduct() {
      need(s.p3, 'CreateProduct');
      await api.deleteProduct(s.p3.Id);
      const nf = await expectFault('NotFoundFault', 'get after delete', () => api.getProduct(s.p3.Id));
      eq(String(s.p3.Id), nf.Key, 'NotFoundFault.Key');
      const nf2 = await expectFault('NotFoundFault', 'delete twice', () => api.deleteProduct(s.p3.Id));
      eq('Product', nf2.Entity, 'NotFoundFault.Entity');
    },
    async SetProductImage() {
      need(s.p1, 'CreateProduct');
      await api.setProductImage(s.p1.Id, { ContentType: 'image/png', Data: IMAGE });
      const v = await expectFault('ValidationFault', 'text/plain image', () => api.setProductImage(s.p1.Id, { ContentType: 'text/plain', Data: IMAGE }));
      eq('ContentType', v.Field, 'ValidationFault.Field');
      const v2 = await expectFault('ValidationFault', 'not a PNG', () => api.setProductImage(s.p1.Id, { ContentType: 'image/png', Data: Buffer.from([1, 2, 3]) }));
      eq('Data', v2.Field, 'ValidationFault.Field (bad signature)');
      const nf = await expectFault('NotFoundFault', 'missing product', () => api.setProductImage(2147483647, { ContentType: 'image/png', Data: IMAGE }));
      eq('Product', nf.Entity, 'NotFoundFault.Entity');
    },
    async GetProductImage() {
      need(s.p1, 'CreateProduct');
      const img = await api.getProductImage(s.p1.Id);
      eq('image/png', img.ContentType, 'ContentType');
      check(Buffer.isBuffer(img.Data) && img.Data.equals(IMAGE), `Data differs: ${img.Data && img.Data.toString('hex').slice(0, 80)}`);
      const nf = await expectFault('NotFoundFault', 'product without image', () => api.getProductImage(s.p2.Id));
      eq(['ProductImage', String(s.p2.Id)], [nf.Entity, nf.Key], 'NotFoundFault');
    },
    async PlaceOrder() {
      need(s.p1, 'CreateProduct');
      const before = await api.getProduct(s.p1.Id);
      const o = await api.placeOrder({ CustomerName: NON_ASCII, CustomerEmail: 'node@example.com', Note: null,
        Lines: [{ Sku: sku(1), Quantity: 3 }, { Sku: sku(4), Quantity: 2 }] });
      check(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(o.Id) && !/^[0-]+$/.test(o.Id), `Order.Id: ${show(o.Id)}`);
      eq([NON_ASCII, 'node@example.com', 'Pending', null, null], [o.CustomerName, o.CustomerEmail, o.Status, o.Note, o.CancelReason],
        'CustomerName, CustomerEmail, Status, Note, CancelReason');
      recentUtc(o.PlacedAt, 'PlacedAt');
      eq(2, (o.Lines || []).length, 'number of Lines');
      eq([sku(1), before.Name, 3], [o.Lines[0].Sku, o.Lines[0].ProductName, o.Lines[0].Quantity], 'Lines[0]');
      deq('19.99', o.Lines[0].UnitPrice, 'Lines[0].UnitPrice');
      deq('59.97', o.Lines[0].LineTotal, 'Lines[0].LineTotal');
      deq('5', o.Lines[1].LineTotal, 'Lines[1].LineTotal');
      deq('64.97', o.Total, 'Total (decimal exact)');
      eq(before.StockQuantity - 3, (await api.getProduct(s.p1.Id)).StockQuantity, 'stock after the order');
      s.o1 = o;
      const o2 = await api.placeOrder({ CustomerName: 'second', Note: 'to be cancelled', Lines: [{ Sku: sku(4), Quantity: 1 }] });
      eq('to be cancelled', o2.Note, 'Note');
      deq('2.5', o2.Total, 'Total of the second order');
      s.o2 = o2;
      const v = await expectFault('ValidationFault', 'no lines', () => api.placeOrder({ CustomerName: 'x', Lines: [] }));
      eq('Lines', v.Field, 'ValidationFault.Field');
      const nf = await expectFault('NotFoundFault', 'unknown Sku', () => api.placeOrder({ CustomerName: 'x', Lines: [{ Sku: sku(98), Quantity: 1 }] }));
      eq(['Product', sku(98)], [nf.Entity, nf.Key], 'NotFoundFault');
      const ins = await expectFault('InsufficientStockFault', 'no stock', () => api.placeOrder({ CustomerName: 'x', Lines: [{ Sku: sku(2), Quantity: 7 }] }));
      eq([sku(2), 7, 0], [ins.Sku, toInt(ins.Requested), toInt(ins.Available)], 'InsufficientStockFault (Sku, Requested, Available)');
    },
    async GetOrder() {
      need(s.o1, 'PlaceOrder');
      const g = await api.getOrder(s.o1.Id);
      for (const k of ['Id', 'PlacedAt', 'Status', 'CustomerName', 'CustomerEmail']) eq(s.o1[k], g[k], k);
      deq(s.o1.Total, g.Total, 'Total');
      eq(s.o1.Lines.length, (g.Lines || []).length, 'Lines');
      const missing = crypto.randomUUID();
      const nf = await expectFault('NotFoundFault', 'unknown guid', () => api.getOrder(missing));
      eq(['Order', missing], [nf.Entity, nf.Key], 'NotFoundFault');
    },
    async ShipOrder() {
      need(s.o1, 'PlaceOrder');
      const x = await api.shipOrder(s.o1.Id);
      eq(['Shipped', s.o1.Id], [x.Status, x.Id], 'Status, Id');
      const st = await expectFault('InvalidStateFault', 'ship twice', () => api.shipOrder(s.o1.Id));
      eq('Shipped', st.CurrentState, 'InvalidStateFault.CurrentState');
      check(st.Message, 'InvalidStateFault.Message is empty');
      const nf = await expectFault('NotFoundFault', 'unknown guid', () => api.shipOrder(crypto.randomUUID()));
      eq('Order', nf.Entity, 'NotFoundFault.Entity');
    },
    async CancelOrder() {
      need(s.o2, 'PlaceOrder');
      const stock = (await api.getProduct(s.p4.Id)).StockQuantity;
      const x = await api.cancelOrder(s.o2.Id, `changed my mind: ${NON_ASCII}`);
      eq(['Cancelled', `changed my mind: ${NON_ASCII}`], [x.Status, x.CancelReason], 'Status, CancelReason');
      eq(stock + 1, (await api.getProduct(s.p4.Id)).StockQuantity, 'stock given back by the cancel');
      const st = await expectFault('InvalidStateFault', 'cancel twice', () => api.cancelOrder(s.o2.Id, null));
      eq('Cancelled', st.CurrentState, 'InvalidStateFault.CurrentState');
      const st2 = await expectFault('InvalidStateFault', 'cancel a shipped order', () => api.cancelOrder(s.o1.Id, 'late'));
      eq('Shipped', st2.CurrentState, 'InvalidStateFault.CurrentState (shipped)');
      const nf = await expectFault('NotFoundFault', 'unknown guid', () => api.cancelOrder(crypto.randomUUID(), null));
      eq('Order', nf.Entity, 'NotFoundFault.Entity');
    },
    async AdjustStock() {
      need(s.p1, 'CreateProduct');
      const before = (await api.getProduct(s.p1.Id)).StockQuantity;
      await api.adjustStock(sku(1), 5, `recount: ${NON_ASCII}`);
      let now = before;
      for (let i = 0; i < 40 && now !== before + 5; i++) {
        await new Promise((r) => setTimeout(r, 50));
        now = (await api.getProduct(s.p1.Id)).StockQuantity;
      }
      eq(before + 5, now, 'stock after AdjustStock(+5)');
    },
  };
}

async function main() {
  const [url, prefix] = process.argv.slice(2);
  if (!url || !prefix) {
    process.stderr.write('usage: client.js ENDPOINT_URL PREFIX\n');
    process.exit(2);
  }
  let api;
  try {
    api = await Api.create(url);
  } catch (e) {
    console.log(`RESULT wsdl FAIL node-soap could not load the WSDL: ${oneLine(e.message)}`);
    process.exit(1);
  }
  console.log('RESULT wsdl PASS');
  const sc = scenario(api, prefix);
  let failures = 0;
  for (const op of OPERATIONS) {
    try {
      await sc[op]();
      console.log(`RESULT ${op} PASS`);
    } catch (e) {
      failures++;
      const where = e instanceof CheckFailed ? '' : `${e.name || 'Error'}: `;
      console.log(`RESULT ${op} FAIL ${where}${oneLine(e.message)}`);
    }
  }
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.log(`RESULT wsdl FAIL ${oneLine(e.stack || e)}`); process.exit(1); });
