// Interop.cs - the WCF client of the soaprest interop matrix, for Mono and for .NET.
//
//   mono interop.exe ENDPOINT_URL basic|soap12|custom12 PREFIX          (Mono, wcf/build.sh)
//   dotnet Interop.dll ENDPOINT_URL basic|soap12|custom12 PREFIX        (.NET, dotnet/build.sh)
//   dotnet Interop.dll --contract METADATA_URL                          (.NET: dotnet/ContractCheck.cs)
//
// Calls every operation of IInventoryService through a client contract generated from the live
// WSDL - on Mono the proxy of Mono's svcutil plus the fault contracts of add_faults.py, on .NET the
// contract of dotnet/wsdl2cs.py with Microsoft's System.ServiceModel.Http/Primitives - and asserts
// the values that come back. Bindings: basic = BasicHttpBinding (SOAP 1.1); soap12 = SOAP 1.2 with
// WS-Addressing 1.0, as WSHttpBinding(SecurityMode.None) on .NET and as a CustomBinding of
// TextMessageEncoding(Soap12WSAddressing10) + HttpTransport on Mono; custom12 = that CustomBinding
// on either. Every fault that the contract declares for an operation ([FaultContract]) must have
// been caught as FaultException<TDetail> in that operation's step, or the step fails.
// Prints one line per operation:
//     RESULT <Operation> PASS
//     RESULT <Operation> FAIL <reason on one line>
// PREFIX makes the SKUs and names of this run unique ([A-Z0-9-], at most 12 characters).
// Exit status: 0 when every operation passed, 1 otherwise, 2 on bad arguments.
using System;
using System.Collections.Generic;
using System.Linq;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using Soaprest.Inventory;

static class Interop
{
    static string endpoint, bindingName, prefix;
    static int failures;

    // Text outside ASCII in every script a client is likely to mangle: Latin-1, BMP symbols, CJK and
    // a character outside the BMP (a UTF-16 surrogate pair).
    const string NonAscii = "Caf\u00e9 \u2615 Gr\u00fc\u00dfe \u6771\u4eac \U0001D11E";

    static readonly decimal Price1 = 9876543210987.6543m;   // 17 significant digits: no double holds it
    static readonly decimal Price2 = 0.1m;
    static readonly decimal Price4 = 2.5m;

    // State carried from one operation to the next (a FAIL of an earlier step makes later ones fail
    // with "depends on ...", not with a confusing null reference).
    static Product p1, p2, p3;
    static PerishableProduct p4;
    static Order order1, order2;
    static readonly byte[] Image = MakeImage();

    static int Main(string[] args)
    {
#if NET
        if (args.Length == 2 && args[0] == "--contract")
            return ContractCheck.Run(args[1], typeof(IInventoryService)) == 0 ? 0 : 1;
#endif
        if (args.Length != 3 || (args[1] != "basic" && args[1] != "soap12" && args[1] != "custom12")) {
            Console.Error.WriteLine("usage: interop.exe ENDPOINT_URL basic|soap12|custom12 PREFIX");
            return 2;
        }
        endpoint = args[0];
        bindingName = args[1];
        prefix = args[2];
        Console.OutputEncoding = new UTF8Encoding(false);

        Op("GetServiceInfo", GetServiceInfo);
        Op("CreateProduct", CreateProduct);
        Op("GetProduct", GetProduct);
        Op("UpdateProduct", UpdateProduct);
        Op("FindProducts", FindProducts);
        Op("DeleteProduct", DeleteProduct);
        Op("SetProductImage", SetProductImage);
        Op("GetProductImage", GetProductImage);
        Op("PlaceOrder", PlaceOrder);
        Op("GetOrder", GetOrder);
        Op("ShipOrder", ShipOrder);
        Op("CancelOrder", CancelOrder);
        Op("AdjustStock", AdjustStock);
        return failures == 0 ? 0 : 1;
    }

    // ---- harness ------------------------------------------------------------------------------

    static Binding MakeBinding()
    {
        Binding b;
        if (bindingName == "basic") {
            var basic = new BasicHttpBinding();
            basic.MaxReceivedMessageSize = 4 * 1024 * 1024;
            basic.ReaderQuotas.MaxArrayLength = 4 * 1024 * 1024;
            basic.ReaderQuotas.MaxStringContentLength = 4 * 1024 * 1024;
            b = basic;
#if NET
        } else if (bindingName == "soap12") {
            // What a .NET client's config names for the contract's WSHttpBinding_IInventoryService
            // port: SOAP 1.2 + WS-Addressing 1.0, no message security, no reliable session.
            var ws = new WSHttpBinding(SecurityMode.None);
            ws.MaxReceivedMessageSize = 4 * 1024 * 1024;
            ws.ReaderQuotas.MaxArrayLength = 4 * 1024 * 1024;
            ws.ReaderQuotas.MaxStringContentLength = 4 * 1024 * 1024;
            b = ws;
#endif
        } else {
            var enc = new TextMessageEncodingBindingElement(MessageVersion.Soap12WSAddressing10, Encoding.UTF8);
            enc.ReaderQuotas.MaxArrayLength = 4 * 1024 * 1024;
            enc.ReaderQuotas.MaxStringContentLength = 4 * 1024 * 1024;
            var http = new HttpTransportBindingElement();
            http.MaxReceivedMessageSize = 4 * 1024 * 1024;
            b = new CustomBinding(enc, http);
        }
        b.OpenTimeout = b.CloseTimeout = b.SendTimeout = b.ReceiveTimeout = TimeSpan.FromSeconds(20);
        return b;
    }

    static InventoryServiceClient Client()
    {
        return new InventoryServiceClient(MakeBinding(), new EndpointAddress(endpoint));
    }

    // The operations of the client contract, as WCF reads them (with their declared faults).
    static readonly System.ServiceModel.Description.ContractDescription Contract =
        System.ServiceModel.Description.ContractDescription.GetContract(typeof(IInventoryService));

    // "Operation/DetailType" of every typed fault caught, and the step that is running.
    static readonly HashSet<string> Caught = new HashSet<string>();
    static string step;

    static void AllFaultsCaught(string name)
    {
        var od = Contract.Operations.FirstOrDefault(o => o.Name == name);
        Check(od != null, "the client contract has no operation " + name);
        var missed = od.Faults.Select(f => f.DetailType.Name).Where(t => !Caught.Contains(name + "/" + t)).ToList();
        Check(missed.Count == 0, "declared fault(s) never triggered in this step: " + string.Join(", ", missed));
    }

    static void Op(string name, Action<InventoryServiceClient> body)
    {
        var c = Client();
        step = name;
        try {
            body(c);
            AllFaultsCaught(name);
            Console.WriteLine("RESULT {0} PASS", name);
        } catch (Exception e) {
            failures++;
            Console.WriteLine("RESULT {0} FAIL {1}", name, OneLine(Describe(e)));
        } finally {
            try {
                if (c.State == CommunicationState.Faulted) c.Abort(); else c.Close();
            } catch (Exception) {
                c.Abort();
            }
        }
        Console.Out.Flush();
    }

    static string Describe(Exception e)
    {
        var sb = new StringBuilder();
        for (var x = e; x != null; x = x.InnerException) {
            if (sb.Length > 0) sb.Append(" <- ");
            sb.Append(x is CheckFailed ? "" : x.GetType().Name + ": ").Append(x.Message);
        }
        return sb.ToString();
    }

    static string OneLine(string s)
    {
        s = s.Replace("\r", " ").Replace("\n", " ");
        return s.Length > 600 ? s.Substring(0, 600) + "..." : s;
    }

    class CheckFailed : Exception
    {
        public CheckFailed(string m) : base(m) { }
    }

    static void Check(bool ok, string what)
    {
        if (!ok) throw new CheckFailed(what);
    }

    static void Eq<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new CheckFailed(string.Format("{0}: expected {1}, got {2}", what, Show(expected), Show(actual)));
    }

    static string Show(object o)
    {
        if (o == null) return "null";
        if (o is string) return "\"" + o + "\"";
        if (o is DateTime) { var d = (DateTime)o; return d.ToString("o") + " (" + d.Kind + ")"; }
        return o.ToString();
    }

    static void Need(object o, string step)
    {
        if (o == null) throw new CheckFailed("depends on " + step + ", which did not succeed");
    }

    // Calls `call` and returns the detail of the FaultException<TDetail> it must throw.
    static TDetail Fault<TDetail>(string what, Action call) where TDetail : class
    {
        try {
            call();
        } catch (FaultException<TDetail> fe) {
            if (fe.Detail == null) throw new CheckFailed(what + ": FaultException<" + typeof(TDetail).Name + "> without detail");
            Caught.Add(step + "/" + typeof(TDetail).Name);
            return fe.Detail;
        } catch (Exception e) {
            throw new CheckFailed(what + ": expected FaultException<" + typeof(TDetail).Name + ">, got " + Describe(e));
        }
        throw new CheckFailed(what + ": expected FaultException<" + typeof(TDetail).Name + ">, the call succeeded");
    }

    static string Sku(int n) { return prefix + "-" + n; }

    static byte[] MakeImage()
    {
        // The PNG signature (the service checks it), then every byte value 0..255 once.
        var data = new byte[8 + 256];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(data, 0);
        for (int i = 0; i < 256; i++) data[8 + i] = (byte)i;
        return data;
    }

    static void SameProduct(Product want, Product got, string what)
    {
        Eq(want.Id, got.Id, what + ".Id");
        Eq(want.Sku, got.Sku, what + ".Sku");
        Eq(want.Name, got.Name, what + ".Name");
        Eq(want.Description, got.Description, what + ".Description");
        Eq(want.Category, got.Category, what + ".Category");
        Eq(want.Price, got.Price, what + ".Price");
        Eq(want.StockQuantity, got.StockQuantity, what + ".StockQuantity");
        SameTags(want.Tags, got.Tags, what + ".Tags");
        Eq(want.CreatedAt, got.CreatedAt, what + ".CreatedAt");
        Eq(want.UpdatedAt, got.UpdatedAt, what + ".UpdatedAt");
        Eq(want.Version, got.Version, what + ".Version");
        Eq(want.GetType(), got.GetType(), what + " type");
    }

    static void SameTags(string[] want, string[] got, string what)
    {
        if (want == null || got == null) {
            Check(want == null && got == null, what + ": expected " + (want == null ? "null" : "[" + string.Join(",", want) + "]")
                  + ", got " + (got == null ? "null" : "[" + string.Join(",", got) + "]"));
            return;
        }
        Check(want.SequenceEqual(got), what + ": expected [" + string.Join(",", want) + "], got [" + string.Join(",", got) + "]");
    }

    static void RecentUtc(DateTime t, string what)
    {
        Eq(DateTimeKind.Utc, t.Kind, what + ".Kind");
        var age = DateTime.UtcNow - t;
        Check(age > TimeSpan.FromMinutes(-10) && age < TimeSpan.FromHours(1), what + " is not a recent UTC time: " + Show(t));
    }

    // ---- the operations -----------------------------------------------------------------------

    static void GetServiceInfo(InventoryServiceClient c)
    {
        var info = c.GetServiceInfo();
        Check(info != null, "no ServiceInfo");
        Check(!string.IsNullOrEmpty(info.Name), "ServiceInfo.Name is empty");
        Check(!string.IsNullOrEmpty(info.Version), "ServiceInfo.Version is empty");
        Eq(DateTimeKind.Utc, info.StartedAt.Kind, "ServiceInfo.StartedAt.Kind");
        Check(info.StartedAt <= DateTime.UtcNow.AddMinutes(1) && info.StartedAt > DateTime.UtcNow.AddDays(-1),
              "ServiceInfo.StartedAt is not a plausible start time: " + Show(info.StartedAt));
        Check(info.ProductCount >= 0 && info.OrderCount >= 0, "negative counts");
#if NET
        // The Task-based twin that dotnet-svcutil writes by default goes through the same operation.
        var viaTask = c.GetServiceInfoAsync().GetAwaiter().GetResult();
        Eq(info.Name, viaTask.Name, "GetServiceInfoAsync().Name");
        Eq(info.StartedAt, viaTask.StartedAt, "GetServiceInfoAsync().StartedAt");
#endif
    }

    static void CreateProduct(InventoryServiceClient c)
    {
        // P1: non-ASCII name, nil description, 17-digit decimal, tags with non-ASCII text.
        var req1 = new Product {
            Sku = Sku(1), Name = prefix + " one " + NonAscii, Description = null, Category = ProductCategory.Hardware,
            Price = Price1, StockQuantity = 10, Tags = new[] { "red", "\u00df\u20ac" },
        };
        var r1 = c.CreateProduct(req1);
        Check(r1 != null, "CreateProduct returned null");
        Check(r1.Id > 0, "Id not assigned: " + r1.Id);
        Eq(req1.Sku, r1.Sku, "Sku");
        Eq(req1.Name, r1.Name, "Name (non-ASCII)");
        Eq(null, r1.Description, "Description (nil)");
        Eq(ProductCategory.Hardware, r1.Category, "Category");
        Eq(Price1, r1.Price, "Price (decimal exact)");
        Eq(10, r1.StockQuantity, "StockQuantity");
        SameTags(req1.Tags, r1.Tags, "Tags");
        RecentUtc(r1.CreatedAt, "CreatedAt");
        Eq(null, r1.UpdatedAt, "UpdatedAt (nil on create)");
        Eq(1L, r1.Version, "Version");
        Eq(typeof(Product), r1.GetType(), "type");

        // P2: an empty Tags array must come back empty, not nil.
        var r2 = c.CreateProduct(new Product {
            Sku = Sku(2), Name = prefix + " two", Description = "", Category = ProductCategory.Software,
            Price = Price2, StockQuantity = 0, Tags = new string[0],
        });
        Check(r2.Tags != null, "Tags = [] came back nil");
        Eq(0, r2.Tags.Length, "Tags = [] length");
        Eq("", r2.Description, "Description (empty string, not nil)");
        Eq(Price2, r2.Price, "Price 0.1");

        // P3: nil Tags must come back nil.
        var r3 = c.CreateProduct(new Product {
            Sku = Sku(3), Name = prefix + " three", Category = ProductCategory.Service, Price = 0m, Tags = null,
        });
        Check(r3.Tags == null, "Tags = nil came back as an array of " + (r3.Tags == null ? 0 : r3.Tags.Length));
        Eq(0m, r3.Price, "Price 0");

        // P4: the derived type, sent as xsi:type, must come back as the derived type.
        var expires = new DateTime(2027, 1, 2, 3, 4, 5, 123, DateTimeKind.Utc);
        var r4 = c.CreateProduct(new PerishableProduct {
            Sku = Sku(4), Name = prefix + " four", Category = ProductCategory.Grocery, Price = Price4,
            StockQuantity = 5, Tags = new[] { "fresh" }, ExpiresOn = expires, ShelfLife = TimeSpan.FromHours(36),
        });
        var pr4 = r4 as PerishableProduct;
        Check(pr4 != null, "PerishableProduct came back as " + r4.GetType().Name);
        Eq(expires, pr4.ExpiresOn, "ExpiresOn");
        Eq((TimeSpan?)TimeSpan.FromHours(36), pr4.ShelfLife, "ShelfLife");
        Eq(ProductCategory.Grocery, pr4.Category, "Category (derived)");
        p1 = r1; p2 = r2; p3 = r3; p4 = pr4;   // the faults below are checked, later steps go on

        // Declared faults.
        var v = Fault<ValidationFault>("bad Sku", () => c.CreateProduct(new Product {
            Sku = "bad sku", Name = "x", Category = ProductCategory.Hardware, Price = 1m }));
        Eq("Sku", v.Field, "ValidationFault.Field");
        Check(!string.IsNullOrEmpty(v.Message), "ValidationFault.Message is empty");
        var cf = Fault<ConflictFault>("duplicate Sku", () => c.CreateProduct(new Product {
            Sku = Sku(1), Name = "dup", Category = ProductCategory.Hardware, Price = 1m }));
        Check(!string.IsNullOrEmpty(cf.Message) && cf.Message.Contains(Sku(1)), "ConflictFault.Message: " + Show(cf.Message));
    }

    static void GetProduct(InventoryServiceClient c)
    {
        Need(p1, "CreateProduct");
        SameProduct(p1, c.GetProduct(p1.Id), "GetProduct(P1)");
        SameProduct(p2, c.GetProduct(p2.Id), "GetProduct(P2)");
        SameProduct(p3, c.GetProduct(p3.Id), "GetProduct(P3)");
        var g4 = c.GetProduct(p4.Id) as PerishableProduct;
        Check(g4 != null, "GetProduct(P4) did not return a PerishableProduct");
        SameProduct(p4, g4, "GetProduct(P4)");
        Eq(p4.ExpiresOn, g4.ExpiresOn, "P4.ExpiresOn");
        Eq(p4.ShelfLife, g4.ShelfLife, "P4.ShelfLife");
        var nf = Fault<NotFoundFault>("missing id", () => c.GetProduct(int.MaxValue));
        Eq("Product", nf.Entity, "NotFoundFault.Entity");
        Eq(int.MaxValue.ToString(), nf.Key, "NotFoundFault.Key");
#if NET
        var nfTask = Fault<NotFoundFault>("missing id, Task-based", () => c.GetProductAsync(int.MaxValue).GetAwaiter().GetResult());
        Eq(int.MaxValue.ToString(), nfTask.Key, "NotFoundFault.Key (GetProductAsync)");
#endif
    }

    static void UpdateProduct(InventoryServiceClient c)
    {
        Need(p1, "CreateProduct");
        var cur = c.GetProduct(p1.Id);
        cur.Description = "now described: " + NonAscii;
        cur.Price = 19.99m;
        cur.Tags = new[] { "red", "\u00df\u20ac", "new" };
        var u = c.UpdateProduct(cur);
        p1 = u;
        Eq(cur.Version + 1, u.Version, "Version after update");
        Eq(cur.Description, u.Description, "Description");
        Eq(19.99m, u.Price, "Price");
        SameTags(cur.Tags, u.Tags, "Tags");
        Check(u.UpdatedAt.HasValue, "UpdatedAt is still nil after an update");
        RecentUtc(u.UpdatedAt.Value, "UpdatedAt");
        Eq(p1.CreatedAt, u.CreatedAt, "CreatedAt unchanged");

        // The stale version: a ConflictFault carrying the current version.
        var stale = Fault<ConflictFault>("stale Version", () => c.UpdateProduct(cur));
        Eq((long?)u.Version, stale.CurrentVersion, "ConflictFault.CurrentVersion");
        var gone = new Product { Id = int.MaxValue, Sku = Sku(99), Name = "x", Category = ProductCategory.Hardware,
                                 Price = 1m, Version = 1 };
        var nf = Fault<NotFoundFault>("missing id", () => c.UpdateProduct(gone));
        Eq("Product", nf.Entity, "NotFoundFault.Entity");
        var bad = c.GetProduct(p1.Id);
        bad.Price = -1m;
        var v = Fault<ValidationFault>("negative Price", () => c.UpdateProduct(bad));
        Eq("Price", v.Field, "ValidationFault.Field");
        Eq(19.99m, c.GetProduct(p1.Id).Price, "Price after the refused update");
    }

    static void FindProducts(InventoryServiceClient c)
    {
        Need(p4, "CreateProduct");
        var all = c.FindProducts(new ProductQuery { NamePrefix = prefix + " ", Page = 1, PageSize = 10 });
        Eq(4, all.TotalCount, "TotalCount for the prefix");
        Check(all.Items != null, "Items is nil");
        Check(all.Items.Select(p => p.Id).SequenceEqual(new[] { p1.Id, p2.Id, p3.Id, p4.Id }),
              "Items are not P1..P4 in Id order: " + string.Join(",", all.Items.Select(p => p.Id)));
        Check(all.Items[3] is PerishableProduct, "P4 inside ArrayOfProduct came back as " + all.Items[3].GetType().Name);
        Eq(p4.ExpiresOn, ((PerishableProduct)all.Items[3]).ExpiresOn, "P4.ExpiresOn in the page");
        Eq(p1.Price, all.Items[0].Price, "P1.Price in the page");

        var byTag = c.FindProducts(new ProductQuery { NamePrefix = prefix + " ", Tags = new[] { "\u00df\u20ac" }, PageSize = 10, Page = 1 });
        Eq(1, byTag.TotalCount, "TotalCount by non-ASCII tag");
        Eq(p1.Id, byTag.Items.Single().Id, "product found by tag");

        var byCat = c.FindProducts(new ProductQuery { NamePrefix = prefix + " ", Category = ProductCategory.Grocery, PageSize = 10, Page = 1 });
        Eq(1, byCat.TotalCount, "TotalCount by Category");
        Eq(p4.Id, byCat.Items.Single().Id, "product found by Category");

        var byPrice = c.FindProducts(new ProductQuery { NamePrefix = prefix + " ", MinPrice = 0.1m, MaxPrice = 2.5m, PageSize = 10, Page = 1 });
        Check(byPrice.Items.Select(p => p.Id).SequenceEqual(new[] { p2.Id, p4.Id }),
              "MinPrice 0.1 .. MaxPrice 2.5 found " + string.Join(",", byPrice.Items.Select(p => p.Id)));

        var page2 = c.FindProducts(new ProductQuery { NamePrefix = prefix + " ", Page = 2, PageSize = 3 });
        Eq(4, page2.TotalCount, "TotalCount on page 2");
        Eq(2, page2.Page, "Page");
        Eq(3, page2.PageSize, "PageSize");
        Eq(p4.Id, page2.Items.Single().Id, "page 2 of 3-item pages");

        var none = c.FindProducts(new ProductQuery { NamePrefix = prefix + " nothing", PageSize = 10, Page = 1 });
        Eq(0, none.TotalCount, "TotalCount of an empty result");
        Check(none.Items != null && none.Items.Length == 0, "an empty result must be an empty Items array, got "
              + (none.Items == null ? "nil" : none.Items.Length + " items"));

        var v = Fault<ValidationFault>("PageSize 0", () => c.FindProducts(new ProductQuery { Page = 1, PageSize = 0 }));
        Eq("PageSize", v.Field, "ValidationFault.Field");
    }

    static void DeleteProduct(InventoryServiceClient c)
    {
        Need(p3, "CreateProduct");
        c.DeleteProduct(p3.Id);
        var nf = Fault<NotFoundFault>("get after delete", () => c.GetProduct(p3.Id));
        Eq(p3.Id.ToString(), nf.Key, "NotFoundFault.Key");
        var nf2 = Fault<NotFoundFault>("delete twice", () => c.DeleteProduct(p3.Id));
        Eq("Product", nf2.Entity, "NotFoundFault.Entity");
    }

    static void SetProductImage(InventoryServiceClient c)
    {
        Need(p1, "CreateProduct");
        c.SetProductImage(p1.Id, new ProductImage { ContentType = "image/png", Data = Image });
        var v = Fault<ValidationFault>("text/plain image", () =>
            c.SetProductImage(p1.Id, new ProductImage { ContentType = "text/plain", Data = Image }));
        Eq("ContentType", v.Field, "ValidationFault.Field");
        var v2 = Fault<ValidationFault>("not a PNG", () =>
            c.SetProductImage(p1.Id, new ProductImage { ContentType = "image/png", Data = new byte[] { 1, 2, 3 } }));
        Eq("Data", v2.Field, "ValidationFault.Field (bad signature)");
        var nf = Fault<NotFoundFault>("missing product", () =>
            c.SetProductImage(int.MaxValue, new ProductImage { ContentType = "image/png", Data = Image }));
        Eq("Product", nf.Entity, "NotFoundFault.Entity");
    }

    static void GetProductImage(InventoryServiceClient c)
    {
        Need(p1, "CreateProduct");
        var img = c.GetProductImage(p1.Id);
        Check(img != null && img.Data != null, "no image data");
        Eq("image/png", img.ContentType, "ContentType");
        Eq(Image.Length, img.Data.Length, "Data length");
        for (int i = 0; i < Image.Length; i++)
            if (Image[i] != img.Data[i])
                throw new CheckFailed(string.Format("Data[{0}]: expected 0x{1:X2}, got 0x{2:X2}", i, Image[i], img.Data[i]));
        var nf = Fault<NotFoundFault>("product without image", () => c.GetProductImage(p2.Id));
        Eq("ProductImage", nf.Entity, "NotFoundFault.Entity");
        Eq(p2.Id.ToString(), nf.Key, "NotFoundFault.Key");
    }

    static void PlaceOrder(InventoryServiceClient c)
    {
        Need(p1, "CreateProduct");
        var before = c.GetProduct(p1.Id);
        var req = new OrderRequest {
            CustomerName = NonAscii, CustomerEmail = "wcf@example.com", Note = null,
            Lines = new[] { new OrderLineRequest { Sku = Sku(1), Quantity = 3 }, new OrderLineRequest { Sku = Sku(4), Quantity = 2 } },
        };
        var o = c.PlaceOrder(req);
        Check(o.Id != Guid.Empty, "Order.Id is the empty guid");
        Eq(NonAscii, o.CustomerName, "CustomerName");
        Eq("wcf@example.com", o.CustomerEmail, "CustomerEmail");
        Eq(OrderStatus.Pending, o.Status, "Status");
        RecentUtc(o.PlacedAt, "PlacedAt");
        Eq(null, o.Note, "Note (nil)");
        Eq(null, o.CancelReason, "CancelReason (nil)");
        Check(o.Lines != null && o.Lines.Length == 2, "Lines: expected 2");
        Eq(Sku(1), o.Lines[0].Sku, "Lines[0].Sku");
        Eq(before.Name, o.Lines[0].ProductName, "Lines[0].ProductName");
        Eq(3, o.Lines[0].Quantity, "Lines[0].Quantity");
        Eq(19.99m, o.Lines[0].UnitPrice, "Lines[0].UnitPrice");
        Eq(59.97m, o.Lines[0].LineTotal, "Lines[0].LineTotal");
        Eq(5.0m, o.Lines[1].LineTotal, "Lines[1].LineTotal");
        Eq(64.97m, o.Total, "Total (decimal exact)");
        Eq(before.StockQuantity - 3, c.GetProduct(p1.Id).StockQuantity, "stock after the order");

        order1 = o;

        order2 = c.PlaceOrder(new OrderRequest { CustomerName = "second", Note = "to be cancelled",
            Lines = new[] { new OrderLineRequest { Sku = Sku(4), Quantity = 1 } } });
        Eq("to be cancelled", order2.Note, "Note");
        Eq(2.5m, order2.Total, "Total of the second order");

        var v = Fault<ValidationFault>("no lines", () => c.PlaceOrder(new OrderRequest {
            CustomerName = "x", Lines = new OrderLineRequest[0] }));
        Eq("Lines", v.Field, "ValidationFault.Field");
        var nf = Fault<NotFoundFault>("unknown Sku", () => c.PlaceOrder(new OrderRequest {
            CustomerName = "x", Lines = new[] { new OrderLineRequest { Sku = Sku(98), Quantity = 1 } } }));
        Eq("Product", nf.Entity, "NotFoundFault.Entity");
        Eq(Sku(98), nf.Key, "NotFoundFault.Key");
        var ins = Fault<InsufficientStockFault>("no stock", () => c.PlaceOrder(new OrderRequest {
            CustomerName = "x", Lines = new[] { new OrderLineRequest { Sku = Sku(2), Quantity = 7 } } }));
        Eq(Sku(2), ins.Sku, "InsufficientStockFault.Sku");
        Eq(7, ins.Requested, "InsufficientStockFault.Requested");
        Eq(0, ins.Available, "InsufficientStockFault.Available");
    }

    static void GetOrder(InventoryServiceClient c)
    {
        Need(order1, "PlaceOrder");
        var g = c.GetOrder(order1.Id);
        Eq(order1.Id, g.Id, "Id (guid)");
        Eq(order1.PlacedAt, g.PlacedAt, "PlacedAt");
        Eq(order1.Total, g.Total, "Total");
        Eq(order1.Status, g.Status, "Status");
        Eq(order1.CustomerName, g.CustomerName, "CustomerName");
        Eq(order1.Lines.Length, g.Lines.Length, "Lines");
        Eq(order1.Lines[0].LineTotal, g.Lines[0].LineTotal, "Lines[0].LineTotal");
        var missing = Guid.NewGuid();
        var nf = Fault<NotFoundFault>("unknown guid", () => c.GetOrder(missing));
        Eq("Order", nf.Entity, "NotFoundFault.Entity");
        Eq(missing.ToString(), nf.Key, "NotFoundFault.Key (guid, lower case)");
    }

    static void ShipOrder(InventoryServiceClient c)
    {
        Need(order1, "PlaceOrder");
        var s = c.ShipOrder(order1.Id);
        Eq(OrderStatus.Shipped, s.Status, "Status");
        Eq(order1.Id, s.Id, "Id");
        var st = Fault<InvalidStateFault>("ship twice", () => c.ShipOrder(order1.Id));
        Eq(OrderStatus.Shipped, st.CurrentState, "InvalidStateFault.CurrentState");
        Check(!string.IsNullOrEmpty(st.Message), "InvalidStateFault.Message is empty");
        var nf = Fault<NotFoundFault>("unknown guid", () => c.ShipOrder(Guid.NewGuid()));
        Eq("Order", nf.Entity, "NotFoundFault.Entity");
    }

    static void CancelOrder(InventoryServiceClient c)
    {
        Need(order2, "PlaceOrder");
        var stock = c.GetProduct(p4.Id).StockQuantity;
        var x = c.CancelOrder(order2.Id, "changed my mind: " + NonAscii);
        Eq(OrderStatus.Cancelled, x.Status, "Status");
        Eq("changed my mind: " + NonAscii, x.CancelReason, "CancelReason");
        Eq(stock + 1, c.GetProduct(p4.Id).StockQuantity, "stock given back by the cancel");
        var st = Fault<InvalidStateFault>("cancel twice", () => c.CancelOrder(order2.Id, null));
        Eq(OrderStatus.Cancelled, st.CurrentState, "InvalidStateFault.CurrentState");
        var st2 = Fault<InvalidStateFault>("cancel a shipped order", () => c.CancelOrder(order1.Id, "late"));
        Eq(OrderStatus.Shipped, st2.CurrentState, "InvalidStateFault.CurrentState (shipped)");
        var nf = Fault<NotFoundFault>("unknown guid", () => c.CancelOrder(Guid.NewGuid(), null));
        Eq("Order", nf.Entity, "NotFoundFault.Entity");
    }

    static void AdjustStock(InventoryServiceClient c)
    {
        Need(p1, "CreateProduct");
        var before = c.GetProduct(p1.Id).StockQuantity;
        c.AdjustStock(Sku(1), 5, "recount: " + NonAscii);
        // One-way: the service may apply it after answering 202; poll briefly.
        int now = before;
        for (int i = 0; i < 40 && now != before + 5; i++) {
            System.Threading.Thread.Sleep(50);
            now = c.GetProduct(p1.Id).StockQuantity;
        }
        Eq(before + 5, now, "stock after AdjustStock(+5)");
    }
}
